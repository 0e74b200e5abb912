using FraiseQL.Execution;

namespace FraiseQL.GraphQL;

/// <summary>One root field of the operation to run: the built selection and its schema field (which carries the descriptor).</summary>
public sealed record PlannedRootField(FieldSelection Selection, SchemaField Field);
