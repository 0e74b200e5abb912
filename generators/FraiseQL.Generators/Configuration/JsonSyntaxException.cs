using System;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Configuration;

/// <summary>Malformed JSON, with the position of the offending character.</summary>
internal sealed class JsonSyntaxException : Exception
{
    public JsonSyntaxException(string message, FileSpan span)
        : base(message) => Span = span;

    public FileSpan Span { get; }
}
