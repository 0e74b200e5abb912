namespace FraiseQL.Generators.Descriptors;

/// <summary>Where something is in an AdditionalFile (0-based lines and columns), kept instead of a
/// Roslyn <c>Location</c> so pipeline models stay value-equatable.</summary>
internal readonly record struct FileSpan(string Path, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public override string ToString() => $"{Path}({StartLine + 1},{StartColumn + 1})";
}
