namespace FraiseQL.Generators;

/// <summary>An AdditionalFile's path and text (never the AdditionalText itself, so the pipeline caches).</summary>
internal sealed record InputFile(string Path, string Text);
