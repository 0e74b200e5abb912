namespace FraiseQL.Generators.Descriptors;

/// <summary><c>[[observers.subscribe]]</c>.</summary>
internal sealed record SubscribeModel(string Subject, string Handler, int? MaxDeliver, int? AckWaitMs, EquatableArray<string> InvalidatesViews, FileSpan SubjectSpan, FileSpan HandlerSpan);
