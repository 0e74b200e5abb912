using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Diagnostics;

/// <summary>A diagnostic to report: descriptor id, location and message arguments, all equatable.</summary>
internal sealed record DiagnosticInfo(string Id, FileSpan? Span, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(string id, FileSpan? span, params string[] arguments) =>
        new(id, span, arguments.ToEquatableArray());
}
