using System.Buffers;
using System.Text.Json;

namespace FraiseQL.Benchmarks.Floor;

/// <summary>The one thing the floor reads from a GraphQL request body: <c>variables.id</c>, if any.</summary>
internal static class RequestBody
{
    public static Guid? OrderId(ReadOnlySequence<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        var depth = 0;
        var inVariables = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    depth++;
                    break;
                case JsonTokenType.EndObject:
                    depth--;
                    inVariables = false;
                    break;
                case JsonTokenType.PropertyName when depth == 1 && reader.ValueTextEquals("variables"u8):
                    inVariables = true;
                    break;
                case JsonTokenType.PropertyName when depth == 2 && inVariables && reader.ValueTextEquals("id"u8):
                    reader.Read();
                    return reader.GetGuid();
            }
        }
        return null;
    }
}
