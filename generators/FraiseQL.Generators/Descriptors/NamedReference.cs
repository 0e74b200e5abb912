namespace FraiseQL.Generators.Descriptors;

/// <summary>A name written somewhere in a file (an interface, a union member…), with its position.</summary>
internal sealed record NamedReference(string Name, FileSpan Span);
