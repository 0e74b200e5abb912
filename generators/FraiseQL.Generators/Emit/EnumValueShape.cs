namespace FraiseQL.Generators.Emit;

/// <summary>A value of an enum type.</summary>
internal sealed record EnumValueShape(string Name, string? Description, string? DeprecationReason);
