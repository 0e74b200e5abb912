using System.Text.Json;

namespace FraiseQL.GraphQL;

/// <summary>A GraphQL-over-HTTP request's parameters (from a JSON body, a GET query string or a WebSocket subscribe message).</summary>
public sealed class GraphQLRequest
{
    public string? Query { get; init; }
    public string? OperationName { get; init; }
    /// <summary>The <c>variables</c> object (a cloned element, valid after the body is disposed), or null.</summary>
    public JsonElement? Variables { get; init; }
    public JsonElement? Extensions { get; init; }
}
