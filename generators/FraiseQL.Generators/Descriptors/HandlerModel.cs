namespace FraiseQL.Generators.Descriptors;

/// <summary>A subscribe (or respond) entry ready to emit: subject → SQL handler call.</summary>
internal sealed record HandlerModel(string CSharpName, string Subject, string SubjectConstant, string Handler, string Sql, string ConsumerSuffix, int? MaxDeliver, int? AckWaitMs, EquatableArray<string> InvalidatesViews);
