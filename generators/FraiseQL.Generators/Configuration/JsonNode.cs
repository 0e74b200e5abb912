using System.Collections.Generic;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Configuration;

internal enum JsonKind { Object, Array, String, Number, True, False, Null }

/// <summary>A JSON value that knows where it is in its file.</summary>
internal sealed class JsonNode
{
    public JsonNode(JsonKind kind, FileSpan span)
    {
        Kind = kind;
        Span = span;
    }

    public JsonKind Kind { get; }
    public FileSpan Span { get; }
    /// <summary>String contents (unescaped) or the number's text.</summary>
    public string? Text { get; set; }
    /// <summary>Raw JSON text of the value (for defaults).</summary>
    public string Raw { get; set; } = "";
    public List<JsonProperty> Properties { get; } = new();
    public List<JsonNode> Items { get; } = new();

    public JsonNode? this[string name]
    {
        get
        {
            foreach (var p in Properties)
            {
                if (p.Name == name)
                {
                    return p.Value;
                }
            }
            return null;
        }
    }

    public bool IsNull => Kind == JsonKind.Null;

    public string KindName => Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.True or JsonKind.False => "a boolean",
        _ => "null",
    };
}

internal sealed class JsonProperty
{
    public JsonProperty(string name, FileSpan nameSpan, JsonNode value)
    {
        Name = name;
        NameSpan = nameSpan;
        Value = value;
    }

    public string Name { get; }
    public FileSpan NameSpan { get; }
    public JsonNode Value { get; }
}
