namespace FraiseQL.Sql;

/// <summary>The filter operators a leaf field accepts in <c>where</c> (FORMATS D §3.3).</summary>
internal enum WhereOperator
{
    Eq, Neq, Gt, Gte, Lt, Lte, In, Nin, IsNull, IsNotNull,
    Like, Ilike, Nlike, Nilike, Contains, Icontains, StartsWith, IstartsWith, EndsWith, IendsWith,
    Regex, Iregex, Nregex, Niregex,
    Matches, PlainQuery, PhraseQuery, WebsearchQuery,
}

internal static class WhereOperators
{
    /// <summary>Advertised operator names, for error messages.</summary>
    public const string AllowedList =
        "eq, neq, gt, gte, lt, lte, in, nin, isnull (isNull), is_not_null, like, ilike, nlike, nilike, contains, icontains, startswith, istartswith, endswith, iendswith, regex, iregex, nregex, niregex, matches, plain_query, phrase_query, websearch_query";

    public static bool TryParse(string name, out WhereOperator op)
    {
        op = name switch
        {
            "eq" => WhereOperator.Eq,
            "neq" or "ne" => WhereOperator.Neq,
            "gt" => WhereOperator.Gt,
            "gte" => WhereOperator.Gte,
            "lt" => WhereOperator.Lt,
            "lte" => WhereOperator.Lte,
            "in" => WhereOperator.In,
            "nin" or "notin" => WhereOperator.Nin,
            "isnull" or "is_null" or "isNull" => WhereOperator.IsNull,
            "is_not_null" or "isnotnull" or "isNotNull" => WhereOperator.IsNotNull,
            "like" => WhereOperator.Like,
            "ilike" => WhereOperator.Ilike,
            "nlike" => WhereOperator.Nlike,
            "nilike" => WhereOperator.Nilike,
            "contains" => WhereOperator.Contains,
            "icontains" => WhereOperator.Icontains,
            "startswith" or "startsWith" => WhereOperator.StartsWith,
            "istartswith" or "istartsWith" => WhereOperator.IstartsWith,
            "endswith" or "endsWith" => WhereOperator.EndsWith,
            "iendswith" or "iendsWith" => WhereOperator.IendsWith,
            "regex" or "matches_regex" => WhereOperator.Regex,
            "iregex" or "imatches" => WhereOperator.Iregex,
            "nregex" or "not_matches" => WhereOperator.Nregex,
            "niregex" => WhereOperator.Niregex,
            "matches" or "search" => WhereOperator.Matches,
            "plain_query" => WhereOperator.PlainQuery,
            "phrase_query" => WhereOperator.PhraseQuery,
            "websearch_query" => WhereOperator.WebsearchQuery,
            _ => (WhereOperator)(-1),
        };
        return (int)op >= 0;
    }

    /// <summary>The tsquery function of a full-text operator, or null.</summary>
    public static string? TsQueryFunction(WhereOperator op) => op switch
    {
        WhereOperator.Matches => "to_tsquery",
        WhereOperator.PlainQuery => "plainto_tsquery",
        WhereOperator.PhraseQuery => "phraseto_tsquery",
        WhereOperator.WebsearchQuery => "websearch_to_tsquery",
        _ => null,
    };

    public static string? Comparison(WhereOperator op) => op switch
    {
        WhereOperator.Eq => " = ",
        WhereOperator.Neq => " != ",
        WhereOperator.Gt => " > ",
        WhereOperator.Gte => " >= ",
        WhereOperator.Lt => " < ",
        WhereOperator.Lte => " <= ",
        WhereOperator.Regex => " ~ ",
        WhereOperator.Iregex => " ~* ",
        WhereOperator.Nregex => " !~ ",
        WhereOperator.Niregex => " !~* ",
        _ => null,
    };
}
