namespace FraiseQL.Sql;

/// <summary>Success (state changed), noop (succeeded, nothing changed) or error.</summary>
internal enum MutationOutcomeKind { Success, Noop, Error }
