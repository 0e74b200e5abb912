namespace FraiseQL.Configuration;

/// <summary>Defaults of [caching] shared by the file's reader and <c>FraiseQLPostgresOptions</c>.</summary>
public static class CachingDefaults
{
    /// <summary>The PostgreSQL channel a service LISTENs on for result-cache invalidations.</summary>
    public const string NotifyChannel = "fraiseql_cache";
}
