namespace FraiseQL.Generators.Validation;

/// <summary>NATS subject rules: dot-separated non-empty tokens, no whitespace; '*' and '>' only as whole
/// tokens ('>' last) and only where wildcards are allowed (subscribe, not publish).</summary>
internal static class NatsSubject
{
    /// <summary>Null when valid, else the reason.</summary>
    public static string? Check(string subject, bool allowWildcards)
    {
        if (subject.Length == 0)
        {
            return "it is empty";
        }
        var tokens = subject.Split('.');
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (token.Length == 0)
            {
                return "it has an empty token (leading, trailing or double '.')";
            }
            foreach (var c in token)
            {
                if (c <= ' ' || c == '\u007f')
                {
                    return "it contains whitespace or a control character";
                }
            }
            if (token.IndexOf('*') >= 0 || token.IndexOf('>') >= 0)
            {
                if (!allowWildcards)
                {
                    return "wildcards ('*', '>') are not allowed in a subject that is published to";
                }
                if (token != "*" && token != ">")
                {
                    return $"wildcard inside the token \"{token}\" ('*' and '>' must be whole tokens)";
                }
                if (token == ">" && i != tokens.Length - 1)
                {
                    return "'>' must be the last token";
                }
            }
        }
        return null;
    }

    /// <summary><c>fraiseql.order.created</c> → <c>fraiseql_order_created</c> (durable consumer suffix).</summary>
    public static string ConsumerSuffix(string subject)
    {
        var sb = new System.Text.StringBuilder(subject.Length);
        foreach (var token in subject.Split('.'))
        {
            if (sb.Length > 0)
            {
                sb.Append('_');
            }
            var t = token == "*" ? "any" : token == ">" ? "all" : token;
            foreach (var c in t)
            {
                sb.Append(c < 128 && (char.IsLetterOrDigit(c) || c == '_' || c == '-') ? c : '_');
            }
        }
        return sb.ToString();
    }
}
