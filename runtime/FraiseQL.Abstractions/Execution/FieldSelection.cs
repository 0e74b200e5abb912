namespace FraiseQL.Execution;

/// <summary>
/// One field of a validated, fragment-flattened selection set (after @skip/@include and variable
/// substitution), as handed from the GraphQL layer to the SQL planner.
/// </summary>
public sealed class FieldSelection
{
    /// <summary>Alias or field name: the key in the response.</summary>
    public required string ResponseName { get; init; }

    /// <summary>Schema field name (GraphQL, camelCase), or <c>__typename</c>.</summary>
    public required string FieldName { get; init; }

    /// <summary>
    /// Coerced argument values: null, bool, long (Int), double (Float), decimal (Decimal), string
    /// (String/ID/UUID/DateTime/Date/enum storage value), <see cref="IReadOnlyList{T}"/> of object?,
    /// or <see cref="IReadOnlyDictionary{TKey,TValue}"/> of string → object? (input objects, JSON).
    /// Arguments with defaults are present; absent optional arguments are not.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Arguments { get; init; } = EmptyArguments;

    /// <summary>Sub-selection (empty for leaves).</summary>
    public IReadOnlyList<FieldSelection> Selections { get; init; } = [];

    /// <summary>When the field came from a fragment on a narrower type (union/interface member), that type's name.</summary>
    public string? TypeCondition { get; init; }

    /// <summary>Where the field is in the document (for errors).</summary>
    public SourceLocation Location { get; init; }

    /// <summary>
    /// True when authorization masks this field for the caller (<c>on_deny = "mask"</c>): projections write
    /// <c>null</c> for it instead of reading the stored value.
    /// </summary>
    public bool Masked { get; init; }

    public static readonly IReadOnlyDictionary<string, object?> EmptyArguments = new Dictionary<string, object?>();
}

public readonly record struct SourceLocation(int Line, int Column);
