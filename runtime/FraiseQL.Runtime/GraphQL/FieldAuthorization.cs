using FraiseQL.Execution;

namespace FraiseQL.GraphQL;

/// <summary>
/// Outcome of <see cref="IFieldAuthorizer.AuthorizeSelectionAsync"/>: a denial (the field becomes null with that
/// error), or the selection to execute, in which fields the caller may not read are flagged
/// <see cref="FieldSelection.Masked"/> so the projections write <c>null</c> for them.
/// </summary>
public readonly record struct FieldAuthorization(GraphQLError? Denial, FieldSelection Selection);
