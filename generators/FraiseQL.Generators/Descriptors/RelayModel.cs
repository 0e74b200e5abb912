namespace FraiseQL.Generators.Descriptors;

/// <summary>
/// A <c>"relay": true</c> query's paging: the entity type it pages through, the view's cursor column (quoted,
/// <c>"pk_&lt;entity&gt;"</c>) and its type (<c>int64</c> or <c>uuid</c>).
/// </summary>
internal sealed record RelayModel(string Entity, string CursorColumn, string CursorType);
