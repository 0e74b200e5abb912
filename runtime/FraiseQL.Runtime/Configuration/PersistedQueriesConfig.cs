namespace FraiseQL.Configuration;

/// <summary>
/// [server.persisted_queries]: how requests may name a document by its hash instead of sending it
/// (<see cref="FraiseQL.GraphQL.PersistedDocuments"/>).
/// </summary>
public sealed class PersistedQueriesConfig
{
    /// <summary>
    /// <c>"apq"</c> (default): automatic persisted queries, as Apollo Client's persisted-query link sends them, with the
    /// manifest's documents known from the start; <c>"trusted"</c>: only the manifest's documents run (trusted
    /// documents, an allowlist); <c>"off"</c>: a hash-only request is PERSISTED_QUERY_NOT_SUPPORTED.
    /// </summary>
    public string Mode { get; init; } = "apq";

    /// <summary>A JSON manifest of documents (relative to the content root): required for <c>"trusted"</c>.</summary>
    public string? Manifest { get; init; }

    /// <summary>How many documents clients may register by APQ (the oldest is forgotten first).</summary>
    public int MaxEntries { get; init; } = 1000;
}
