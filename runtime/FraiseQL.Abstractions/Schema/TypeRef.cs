using System.Collections.Concurrent;

namespace FraiseQL.Schema;

/// <summary>A parsed GraphQL type reference (<c>[Order!]!</c> → NonNull(List(NonNull(Named Order)))).</summary>
public sealed class TypeRef : IEquatable<TypeRef>
{
    private TypeRef(string? name, TypeRef? ofType, bool isList, bool isNonNull)
    {
        Name = name;
        OfType = ofType;
        IsList = isList;
        IsNonNull = isNonNull;
    }

    /// <summary>Named type; null for list / non-null wrappers.</summary>
    public string? Name { get; }
    public TypeRef? OfType { get; }
    public bool IsList { get; }
    public bool IsNonNull { get; }

    /// <summary>The innermost named type.</summary>
    public string NamedType => Name ?? OfType!.NamedType;

    public static TypeRef Named(string name) => new(name, null, false, false);
    public static TypeRef ListOf(TypeRef inner) => new(null, inner, true, false);
    public static TypeRef NonNullOf(TypeRef inner) =>
        inner.IsNonNull ? throw new ArgumentException("Non-null of non-null", nameof(inner)) : new(null, inner, false, true);

    public TypeRef Nullable => IsNonNull ? OfType! : this;

    /// <summary>Type texts parsed so far: they come from the schema, so the set is small; bounded all the same.</summary>
    private static readonly ConcurrentDictionary<string, TypeRef> Parsed = new(StringComparer.Ordinal);
    private const int MaxParsed = 4096;

    /// <summary>
    /// Parses <c>"Order"</c>, <c>"[Order!]!"</c>…; throws <see cref="FormatException"/> on malformed input. The result is
    /// immutable and shared: the request path parses the schema's type texts on every request.
    /// </summary>
    public static TypeRef Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Parsed.TryGetValue(text, out var known))
        {
            return known;
        }
        var parsed = ParseText(text);
        if (Parsed.Count < MaxParsed)
        {
            Parsed.TryAdd(text, parsed);
        }
        return parsed;
    }

    private static TypeRef ParseText(string text)
    {
        var pos = 0;
        var result = ParseAt(text.AsSpan(), ref pos);
        if (pos != text.Length)
        {
            throw new FormatException($"Unexpected '{text[pos]}' at {pos} in GraphQL type '{text}'.");
        }
        return result;
    }

    private static TypeRef ParseAt(ReadOnlySpan<char> s, ref int pos)
    {
        TypeRef t;
        if (pos < s.Length && s[pos] == '[')
        {
            pos++;
            var inner = ParseAt(s, ref pos);
            if (pos >= s.Length || s[pos] != ']')
            {
                throw new FormatException($"Missing ']' in GraphQL type '{s.ToString()}'.");
            }
            pos++;
            t = ListOf(inner);
        }
        else
        {
            var start = pos;
            while (pos < s.Length && (char.IsAsciiLetterOrDigit(s[pos]) || s[pos] == '_'))
            {
                pos++;
            }
            if (pos == start)
            {
                throw new FormatException($"Expected a type name at {start} in GraphQL type '{s.ToString()}'.");
            }
            t = Named(s[start..pos].ToString());
        }
        if (pos < s.Length && s[pos] == '!')
        {
            pos++;
            t = NonNullOf(t);
        }
        return t;
    }

    public override string ToString() =>
        IsNonNull ? OfType + "!" : IsList ? "[" + OfType + "]" : Name!;

    public bool Equals(TypeRef? other) =>
        other is not null && IsList == other.IsList && IsNonNull == other.IsNonNull && Name == other.Name && Equals(OfType, other.OfType);

    public override bool Equals(object? obj) => Equals(obj as TypeRef);

    public override int GetHashCode() => HashCode.Combine(Name, OfType, IsList, IsNonNull);
}
