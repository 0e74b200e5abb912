namespace FraiseQL.Generators.Emit;

internal sealed record InputValueShape(string Name, string? Description, string Type, string? DefaultValue, string? DeprecationReason);
