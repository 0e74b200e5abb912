namespace FraiseQL.Generators.Descriptors;

/// <summary><c>[[observers.publish]]</c>.</summary>
internal sealed record PublishModel(string Mutation, string Subject, string? SubscriptionTopic, FileSpan MutationSpan, FileSpan SubjectSpan, FileSpan? TopicSpan);
