using System.Collections.Generic;

namespace FraiseQL.Generators.Emit;

/// <summary>A field of an object or interface type.</summary>
internal sealed record FieldShape(string Name, string? Description, List<InputValueShape> Args, string Type, string? DeprecationReason);
