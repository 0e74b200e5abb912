namespace FraiseQL.Sql;

/// <summary>
/// The SQL contract's <c>id</c> column: every <c>v_*</c> view exposes its key as a native <c>id</c> column next to
/// <c>data</c>. A top-level ID/UUID field stored as <c>id</c> is compared and sorted on that column (typed uuid,
/// indexed in the base table) instead of <c>data-&gt;&gt;'id'</c>, which would build every row's JSON first.
/// </summary>
internal static class NativeId
{
    public const string Column = "\"id\"";

    public static bool Applies(string storageKey, ScalarKind kind) =>
        storageKey == "id" && kind is ScalarKind.Id or ScalarKind.Uuid;
}
