namespace FraiseQL.Sql;

/// <summary>How a leaf type is read from JSONB and compared in SQL.</summary>
internal enum ScalarKind { Text, Id, Uuid, Int, Numeric, Boolean, DateTime, Date, Time, Json, Enum }
