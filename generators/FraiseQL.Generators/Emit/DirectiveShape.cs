using System.Collections.Generic;

namespace FraiseQL.Generators.Emit;

/// <summary>A directive definition.</summary>
internal sealed record DirectiveShape(string Name, string? Description, List<string> Locations, List<InputValueShape> Args, bool Repeatable);
