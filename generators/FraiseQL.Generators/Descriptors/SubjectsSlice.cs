namespace FraiseQL.Generators.Descriptors;

/// <summary>Input of Subjects.g.cs.</summary>
internal sealed record SubjectsSlice(string Namespace, EquatableArray<SubjectConstant> Subjects);
