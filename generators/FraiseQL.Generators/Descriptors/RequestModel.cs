namespace FraiseQL.Generators.Descriptors;

/// <summary><c>[[observers.request]]</c>: resolve a query by a NATS request.</summary>
internal sealed record RequestModel(string Query, string Subject, int TimeoutMs, int Retries, FileSpan QuerySpan, FileSpan SubjectSpan);
