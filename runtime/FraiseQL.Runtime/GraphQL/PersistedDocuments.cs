using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FraiseQL.Execution;

namespace FraiseQL.GraphQL;

/// <summary>
/// Documents a request may name by hash instead of sending them (<c>[server.persisted_queries]</c>), as Apollo Client's
/// persisted-query link and GraphQL code generators' persisted-document manifests do:
/// <c>"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "&lt;hex&gt;"}}</c>, over POST, GET or WebSocket.
/// <list type="bullet">
/// <item><c>apq</c> (default): a hash-only request runs the document registered under it, or answers
/// PERSISTED_QUERY_NOT_FOUND (HTTP 200, so the client sends the document with its hash next); a request with both
/// registers the document once its SHA-256 matches and it validates. The manifest's documents are known from the
/// start; registered ones are bounded by <c>max_entries</c>, the oldest forgotten first.</item>
/// <item><c>trusted</c>: only the manifest's documents run, named by their manifest id or sent in full (then matched by
/// their SHA-256); anything else is TRUSTED_DOCUMENT_REQUIRED, and nothing is registered.</item>
/// <item><c>off</c>: a hash-only request is PERSISTED_QUERY_NOT_SUPPORTED; a hash next to a document is ignored.</item>
/// </list>
/// </summary>
public sealed class PersistedDocuments
{
    public const string NotFoundCode = "PERSISTED_QUERY_NOT_FOUND";
    public const string NotSupportedCode = "PERSISTED_QUERY_NOT_SUPPORTED";
    public const string TrustedRequiredCode = "TRUSTED_DOCUMENT_REQUIRED";

    private readonly string _mode;
    private readonly FrozenDictionary<string, string> _manifest; // manifest id and SHA-256 of each document → document
    private readonly ConcurrentDictionary<string, string> _registered = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _registrationOrder = new();
    private readonly int _maxEntries;

    public PersistedDocuments(string mode, IReadOnlyDictionary<string, string> manifest, int maxEntries)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (mode is not ("apq" or "trusted" or "off"))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "expected apq, trusted or off");
        }
        _mode = mode;
        _maxEntries = maxEntries;
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, document) in manifest)
        {
            known[id] = document;
            known[Sha256(document)] = document;
        }
        _manifest = known.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>True when every request is checked, not only those that carry a hash (trusted documents only).</summary>
    public bool ChecksEveryRequest => _mode == "trusted";

    /// <summary>How many documents clients have registered by APQ (for tests and metrics).</summary>
    public int RegisteredCount => _registered.Count;

    /// <summary>
    /// Resolves a request's document: <paramref name="query"/> becomes the persisted document for a hash-only request.
    /// Returns an error for the client, or null; <paramref name="register"/> is the hash to register the document under
    /// once it has validated (<see cref="Register"/>).
    /// </summary>
    public GraphQLError? Resolve(ref string? query, JsonElement? extensions, out string? register)
    {
        register = null;
        string? hash = null;
        if (extensions is { ValueKind: JsonValueKind.Object } ext && ext.TryGetProperty("persistedQuery", out var persisted))
        {
            if (persisted.ValueKind != JsonValueKind.Object
                || !persisted.TryGetProperty("sha256Hash", out var hashValue) || hashValue.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(hashValue.GetString()))
            {
                return new GraphQLError("extensions.persistedQuery must be an object with a \"sha256Hash\" string.", "BAD_REQUEST");
            }
            if (persisted.TryGetProperty("version", out var version) && !(version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var v) && v == 1))
            {
                return new GraphQLError("extensions.persistedQuery.version: only version 1 is supported.", "BAD_REQUEST");
            }
            hash = hashValue.GetString()!;
        }
        var hasQuery = !string.IsNullOrWhiteSpace(query);
        if (hash is null)
        {
            return _mode == "trusted" && hasQuery && !_manifest.ContainsKey(Sha256(query!)) ? TrustedRequired() : null;
        }
        if (_mode == "off")
        {
            return hasQuery ? null : new GraphQLError("PersistedQueryNotSupported", NotSupportedCode);
        }
        if (!hasQuery)
        {
            if (_manifest.TryGetValue(hash, out var known) || (_mode == "apq" && _registered.TryGetValue(hash.ToLowerInvariant(), out known)))
            {
                query = known;
                return null;
            }
            return new GraphQLError("PersistedQueryNotFound", NotFoundCode);
        }
        var actual = Sha256(query!);
        if (_manifest.TryGetValue(hash, out var listed) && string.Equals(listed, query, StringComparison.Ordinal))
        {
            return null; // the manifest's document under its manifest id (which need not be a SHA-256)
        }
        if (!string.Equals(actual, hash, StringComparison.OrdinalIgnoreCase))
        {
            return new GraphQLError($"provided sha does not match query: extensions.persistedQuery.sha256Hash is {hash}, the document's SHA-256 is {actual}.", "BAD_REQUEST");
        }
        if (_mode == "trusted")
        {
            return _manifest.ContainsKey(actual) ? null : TrustedRequired();
        }
        if (!_manifest.ContainsKey(actual) && !_registered.ContainsKey(actual))
        {
            register = actual;
        }
        return null;
    }

    /// <summary>Remembers a validated document under its SHA-256 (APQ), forgetting the oldest beyond max_entries.</summary>
    public void Register(string hash, string query)
    {
        if (!_registered.TryAdd(hash, query))
        {
            return;
        }
        _registrationOrder.Enqueue(hash);
        while (_registered.Count > _maxEntries && _registrationOrder.TryDequeue(out var oldest))
        {
            _registered.TryRemove(oldest, out _);
        }
    }

    /// <summary>The lowercase hex SHA-256 of a document's UTF-8 text, as Apollo Client computes it.</summary>
    public static string Sha256(string document) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)));

    private static GraphQLError TrustedRequired() =>
        new("Only trusted documents may run here: this document is not in the manifest ([server.persisted_queries] mode = \"trusted\").", TrustedRequiredCode);
}
