namespace FraiseQL.Generators.Descriptors;

/// <summary><c>[[observers.respond]]</c>: answer requests on a subject with a SQL function.</summary>
internal sealed record RespondModel(string Subject, string Handler, FileSpan SubjectSpan, FileSpan HandlerSpan);
