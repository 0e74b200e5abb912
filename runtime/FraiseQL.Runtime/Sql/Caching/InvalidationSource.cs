namespace FraiseQL.Sql;

/// <summary>Where a result-cache invalidation came from: the <c>source</c> tag of <c>fraiseql.result_cache.invalidations</c>.</summary>
internal static class InvalidationSource
{
    public const string Mutation = "mutation";
    public const string Handler = "handler";
    public const string Application = "application";
    public const string Nats = "nats";
    public const string Postgres = "postgres";
}
