namespace FraiseQL.Generators.Descriptors;

/// <summary><c>inject_params</c> entry: SQL name ← <c>jwt:claim</c>.</summary>
internal sealed record InjectParamModel(string Name, string Source, string Claim, FileSpan Span);
