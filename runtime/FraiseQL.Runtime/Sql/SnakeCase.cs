using System.Text;

namespace FraiseQL.Sql;

/// <summary>camelCase / PascalCase GraphQL names → snake_case JSONB keys (<c>userId</c> → <c>user_id</c>).</summary>
internal static class SnakeCase
{
    public static string Convert(string name)
    {
        var needs = false;
        foreach (var c in name)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                needs = true;
                break;
            }
        }
        if (!needs)
        {
            return name;
        }
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterUpper(c))
            {
                var prevLowerOrDigit = i > 0 && (char.IsAsciiLetterLower(name[i - 1]) || char.IsAsciiDigit(name[i - 1]));
                var acronymEnd = i > 0 && char.IsAsciiLetterUpper(name[i - 1]) && i + 1 < name.Length && char.IsAsciiLetterLower(name[i + 1]);
                if (prevLowerOrDigit || acronymEnd)
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
}
