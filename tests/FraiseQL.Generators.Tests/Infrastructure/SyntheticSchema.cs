using System.Globalization;
using System.Text;

namespace FraiseQL.Generators.Tests.Infrastructure;

/// <summary>Builds a large, realistic schema.json + fraiseql.toml deterministically (snapshot and benchmark input).</summary>
public static class SyntheticSchema
{
    private static readonly string[] Scalars = ["String", "Int", "Float", "Decimal", "Boolean", "DateTime", "UUID", "Date"];

    public static (string Schema, string Toml) Generate(int typeCount, string? extraDescription = null)
    {
        var sb = new StringBuilder();
        sb.Append("{\n  \"version\": \"2.0.0\",\n");
        sb.Append("  \"enums\": [\n    { \"name\": \"Status\", \"values\": [ { \"name\": \"ACTIVE\" }, { \"name\": \"ARCHIVED\" } ] }\n  ],\n");
        sb.Append("  \"types\": [\n");
        for (var i = 0; i < typeCount; i++)
        {
            var name = TypeName(i);
            sb.Append("    {\n      \"name\": \"").Append(name).Append("\",\n");
            sb.Append("      \"description\": \"Entity number ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(i == 0 && extraDescription is not null ? " " + extraDescription : "").Append(".\",\n");
            sb.Append("      \"fields\": [\n");
            sb.Append("        { \"name\": \"id\", \"type\": \"ID\", \"nullable\": false },\n");
            for (var f = 0; f < 4; f++)
            {
                var scalar = Scalars[(i + f) % Scalars.Length];
                sb.Append("        { \"name\": \"field_").Append(f.ToString(CultureInfo.InvariantCulture)).Append("_").Append(scalar.ToLowerInvariant())
                  .Append("\", \"type\": \"").Append(scalar).Append("\", \"nullable\": ").Append(f % 2 == 0 ? "false" : "true").Append(" },\n");
            }
            sb.Append("        { \"name\": \"status\", \"type\": \"Status\", \"nullable\": false }");
            if (i > 0)
            {
                sb.Append(",\n        { \"name\": \"parent\", \"type\": \"").Append(TypeName(i - 1)).Append("\", \"nullable\": true }");
            }
            sb.Append("\n      ]\n    }").Append(i < typeCount - 1 ? ",\n" : "\n");
        }
        sb.Append("  ],\n  \"input_types\": [\n");
        for (var i = 0; i < typeCount; i += 10)
        {
            sb.Append("    { \"name\": \"Create").Append(TypeName(i)).Append("Input\", \"fields\": [ { \"name\": \"field_0\", \"type\": \"String\", \"nullable\": false }, { \"name\": \"amount\", \"type\": \"Decimal\", \"nullable\": true } ] }")
              .Append(i + 10 < typeCount ? ",\n" : "\n");
        }
        sb.Append("  ],\n  \"queries\": [\n");
        for (var i = 0; i < typeCount; i++)
        {
            var name = TypeName(i);
            var snake = Snake(i);
            sb.Append("    { \"name\": \"").Append(snake).Append("\", \"return_type\": \"").Append(name).Append("\", \"nullable\": true, \"arguments\": [ { \"name\": \"id\", \"type\": \"ID\", \"nullable\": false } ], \"sql_source\": \"v_").Append(snake).Append("\" },\n");
            sb.Append("    { \"name\": \"").Append(snake).Append("s\", \"return_type\": \"").Append(name).Append("\", \"returns_list\": true, \"arguments\": [], \"sql_source\": \"v_").Append(snake).Append("\" }")
              .Append(i < typeCount - 1 ? ",\n" : "\n");
        }
        sb.Append("  ],\n  \"mutations\": [\n");
        for (var i = 0; i < typeCount; i += 10)
        {
            var snake = Snake(i);
            sb.Append("    { \"name\": \"create_").Append(snake).Append("\", \"return_type\": \"").Append(TypeName(i)).Append("\", \"sql_source\": \"fn_create_").Append(snake)
              .Append("\", \"operation\": \"CREATE\", \"arguments\": [ { \"name\": \"input\", \"type\": \"Create").Append(TypeName(i)).Append("Input\", \"nullable\": false } ] }")
              .Append(i + 10 < typeCount ? ",\n" : "\n");
        }
        sb.Append("  ]\n}\n");

        var toml = new StringBuilder("[project]\nname = \"synthetic\"\n\n[observers]\nbackend = \"nats\"\nnats_url = \"${NATS_URL}\"\n");
        for (var i = 0; i < typeCount; i += 10)
        {
            toml.Append("\n[[observers.publish]]\nmutation = \"create_").Append(Snake(i)).Append("\"\nsubject = \"fraiseql.").Append(Snake(i)).Append(".created\"\n");
            toml.Append("\n[[observers.subscribe]]\nsubject = \"fraiseql.").Append(Snake(i)).Append(".created\"\nhandler = \"fn_on_").Append(Snake(i)).Append("_created\"\n");
        }
        return (sb.ToString(), toml.ToString());
    }

    private static string TypeName(int i) => "Entity" + i.ToString("D3", CultureInfo.InvariantCulture);

    private static string Snake(int i) => "entity_" + i.ToString("D3", CultureInfo.InvariantCulture);
}
