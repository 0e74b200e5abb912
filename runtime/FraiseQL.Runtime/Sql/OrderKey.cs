namespace FraiseQL.Sql;

/// <summary>
/// One key of an <c>orderBy</c>: the GraphQL field path it came from, the SQL expression it sorts by (typed:
/// <c>(data-&gt;&gt;'created_at')::timestamptz</c>, or the native <c>"id"</c>), the SQL type a text value casts to for
/// comparing with it (null: compared as text) and its direction. PostgreSQL's defaults place NULLs last ascending and
/// first descending, so reversing every direction reverses the whole order. <see cref="IsNativeColumn"/>: the view's
/// own key column (<see cref="NativeId"/>), indexed, never NULL and read without building <c>data</c>.
/// </summary>
internal readonly record struct OrderKey(string Path, string Expression, string? Cast, bool Descending, bool IsNativeColumn = false);
