using System.Collections.Generic;
using System.Text;

namespace FraiseQL.Generators.Descriptors;

/// <summary>snake_case / camelCase / PascalCase conversions, culture-invariant and ASCII-only.</summary>
internal static class NameCasing
{
    private static readonly HashSet<string> CSharpKeywords = new()
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    public static bool IsCSharpKeyword(string name) => CSharpKeywords.Contains(name);

    /// <summary><c>created_at</c> → <c>createdAt</c>; <c>userId</c> stays; leading underscores kept.</summary>
    public static string ToCamel(string name)
    {
        var sb = new StringBuilder(name.Length);
        var i = 0;
        while (i < name.Length && name[i] == '_')
        {
            sb.Append('_');
            i++;
        }
        var upperNext = false;
        var first = true;
        for (; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_')
            {
                upperNext = true;
                continue;
            }
            if (first)
            {
                sb.Append(char.ToLowerInvariant(c));
                first = false;
            }
            else
            {
                sb.Append(upperNext ? char.ToUpperInvariant(c) : c);
            }
            upperNext = false;
        }
        return sb.ToString();
    }

    /// <summary><c>createdAt</c> → <c>created_at</c>; <c>created_at</c> stays; <c>userID</c> → <c>user_id</c>.</summary>
    public static string ToSnake(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c >= 'A' && c <= 'Z')
            {
                var prevLowerOrDigit = i > 0 && ((name[i - 1] >= 'a' && name[i - 1] <= 'z') || (name[i - 1] >= '0' && name[i - 1] <= '9'));
                var prevUpperNextLower = i > 0 && name[i - 1] >= 'A' && name[i - 1] <= 'Z'
                    && i + 1 < name.Length && name[i + 1] >= 'a' && name[i + 1] <= 'z';
                if (prevLowerOrDigit || prevUpperNextLower)
                {
                    sb.Append('_');
                }
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    /// <summary><c>fraiseql.order.created</c> → <c>FraiseqlOrderCreated</c>; <c>create_order</c> → <c>CreateOrder</c>;
    /// <c>createdAt</c> → <c>CreatedAt</c>. Any non-alphanumeric character separates words.</summary>
    public static string ToPascal(string name)
    {
        var sb = new StringBuilder(name.Length);
        var upperNext = true;
        foreach (var c in name)
        {
            var alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum)
            {
                upperNext = true;
                continue;
            }
            sb.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }
        if (sb.Length == 0 || char.IsDigit(sb[0]))
        {
            sb.Insert(0, '_');
        }
        return sb.ToString();
    }

    /// <summary>A valid C# identifier for a member name (<c>@</c>-escaped when a keyword).</summary>
    public static string ToCSharpMember(string pascal) => IsCSharpKeyword(pascal) ? "@" + pascal : pascal;
}
