namespace FraiseQL.Migrations;

/// <summary>
/// Where in a migration file a PostgreSQL error happened. Npgsql sends a file of several statements one statement at a
/// time (each with its leading white space removed), so PostgreSQL's error position counts from the start of the
/// statement that failed, and Npgsql does not say which one that was. The file is split here the way Npgsql splits it
/// (at semicolons outside quotes, dollar quotes, comments and parentheses), and the statement is the one whose text at
/// that position starts with the name or token the message quotes (<c>syntax error at or near "SELEC"</c>,
/// <c>relation "v_nope" does not exist</c>), or, when the message quotes nothing, the one statement long enough to have
/// that position. Only a single such statement gives a location: the message is never pointed at a guess.
/// </summary>
internal static class MigrationErrorLocation
{
    /// <summary>The 1-based line and column in <paramref name="sql"/>, or null when it cannot be told for certain.</summary>
    public static (int Line, int Column)? Locate(string sql, int position, string messageText)
    {
        if (position <= 0)
        {
            return null;
        }
        var token = QuotedToken(messageText);
        var starts = StatementStarts(sql);
        int? found = null;
        for (var i = 0; i < starts.Count; i++)
        {
            var offset = starts[i] + position - 1;
            var end = i + 1 < starts.Count ? starts[i + 1] : sql.Length;
            var fits = token is null
                ? offset < end
                : offset + token.Length <= sql.Length && string.Compare(sql, offset, token, 0, token.Length, StringComparison.OrdinalIgnoreCase) == 0;
            if (fits)
            {
                if (found is not null)
                {
                    return null;
                }
                found = offset;
            }
        }
        return found is { } at ? LineAndColumn(sql, at) : null;
    }

    /// <summary>The first double-quoted text of PostgreSQL's message, e.g. <c>SELEC</c> or <c>v_nope</c>.</summary>
    private static string? QuotedToken(string messageText)
    {
        var open = messageText.IndexOf('"', StringComparison.Ordinal);
        var close = open < 0 ? -1 : messageText.IndexOf('"', open + 1);
        return close > open + 1 ? messageText[(open + 1)..close] : null;
    }

    private static (int Line, int Column) LineAndColumn(string sql, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (sql[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return (line, offset - lineStart + 1);
    }

    /// <summary>The offset of each statement's first character that is not white space.</summary>
    internal static List<int> StatementStarts(string sql)
    {
        var starts = new List<int>();
        var atStart = true;
        var depth = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (atStart)
            {
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }
                starts.Add(i);
                atStart = false;
            }
            switch (c)
            {
                case '-' when At(sql, i, "--"):
                    i = SkipPast(sql, i, "\n");
                    break;
                case '/' when At(sql, i, "/*"):
                    i = SkipBlockComment(sql, i);
                    break;
                case '\'':
                    i = SkipQuoted(sql, i + 1, '\'', backslashEscapes: i > 0 && (sql[i - 1] is 'E' or 'e') && (i == 1 || !IsIdentifierChar(sql[i - 2])));
                    break;
                case '"':
                    i = SkipQuoted(sql, i + 1, '"', backslashEscapes: false);
                    break;
                case '$' when DollarTag(sql, i) is { } tag:
                    i = SkipPast(sql, i + tag.Length, tag);
                    break;
                case '(':
                    depth++;
                    i++;
                    break;
                case ')':
                    depth = Math.Max(0, depth - 1);
                    i++;
                    break;
                case ';' when depth == 0:
                    atStart = true;
                    i++;
                    break;
                default:
                    i++;
                    break;
            }
        }
        return starts;
    }

    private static bool At(string sql, int i, string text) => string.CompareOrdinal(sql, i, text, 0, text.Length) == 0;

    private static int SkipPast(string sql, int from, string end)
    {
        var at = sql.IndexOf(end, from, StringComparison.Ordinal);
        return at < 0 ? sql.Length : at + end.Length;
    }

    private static int SkipBlockComment(string sql, int i)
    {
        var depth = 0;
        while (i < sql.Length)
        {
            if (At(sql, i, "/*"))
            {
                depth++;
                i += 2;
            }
            else if (At(sql, i, "*/"))
            {
                i += 2;
                if (--depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }
        return i;
    }

    private static int SkipQuoted(string sql, int i, char quote, bool backslashEscapes)
    {
        while (i < sql.Length)
        {
            var c = sql[i];
            if (backslashEscapes && c == '\\')
            {
                i += 2;
            }
            else if (c == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                }
                else
                {
                    return i + 1;
                }
            }
            else
            {
                i++;
            }
        }
        return i;
    }

    /// <summary><c>$$</c> or <c>$tag$</c> opening a dollar-quoted string at <paramref name="i"/> (not <c>$1</c>, not
    /// inside an identifier such as <c>a$b</c>), else null.</summary>
    private static string? DollarTag(string sql, int i)
    {
        if (i > 0 && IsIdentifierChar(sql[i - 1]))
        {
            return null;
        }
        var j = i + 1;
        if (j < sql.Length && char.IsAsciiDigit(sql[j]))
        {
            return null;
        }
        while (j < sql.Length && IsIdentifierChar(sql[j]) && sql[j] != '$')
        {
            j++;
        }
        return j < sql.Length && sql[j] == '$' ? sql[i..(j + 1)] : null;
    }

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';
}
