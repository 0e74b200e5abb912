using System.Text.Json;
using FraiseQL.Configuration;

namespace FraiseQL.GraphQL;

/// <summary>
/// Reads a persisted-document manifest (<c>[server.persisted_queries] manifest</c>) in either of the shapes client tools
/// write: a flat object of id → document (GraphQL Code Generator's client preset <c>persisted-documents.json</c>, the
/// Relay compiler's <c>persisted_queries.json</c>), or Apollo's
/// <c>{"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{"id", "body", …}]}</c>.
/// A missing or malformed file stops start-up with an error naming the file and the key.
/// </summary>
public static class PersistedDocumentManifest
{
    public static IReadOnlyDictionary<string, string> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error(path, $"cannot read it: {e.Message}");
        }
        try
        {
            using var json = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error(path, "expected a JSON object (id → document, or Apollo's persisted query manifest)");
            }
            var documents = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String)
            {
                if (format.GetString() != "apollo-persisted-query-manifest")
                {
                    throw Error(path, $"unknown manifest format \"{format.GetString()}\" (expected \"apollo-persisted-query-manifest\" or an object of id → document)");
                }
                if (!root.TryGetProperty("operations", out var operations) || operations.ValueKind != JsonValueKind.Array)
                {
                    throw Error(path, "an Apollo manifest needs an \"operations\" array");
                }
                var index = 0;
                foreach (var operation in operations.EnumerateArray())
                {
                    if (operation.ValueKind != JsonValueKind.Object
                        || !operation.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                        || !operation.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.String)
                    {
                        throw Error(path, $"operations[{index}] needs \"id\" and \"body\" strings");
                    }
                    documents[id.GetString()!] = body.GetString()!;
                    index++;
                }
                return documents;
            }
            foreach (var entry in root.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                {
                    throw Error(path, $"\"{entry.Name}\" must map to the document's text (a string)");
                }
                documents[entry.Name] = entry.Value.GetString()!;
            }
            return documents;
        }
        catch (JsonException e)
        {
            throw Error(path, $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}");
        }
    }

    private static FraiseQLConfigurationException Error(string path, string problem) =>
        new($"[server.persisted_queries] manifest '{path}': {problem}");
}
