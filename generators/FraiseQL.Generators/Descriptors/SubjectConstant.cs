namespace FraiseQL.Generators.Descriptors;

/// <summary>A <c>Subjects.X</c> constant.</summary>
internal sealed record SubjectConstant(string CSharpName, string Value);
