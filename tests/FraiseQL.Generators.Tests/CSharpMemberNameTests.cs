using FraiseQL.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace FraiseQL.Generators.Tests;

/// <summary>
/// GraphQL names that PascalCase to a member every C# class or record already has (<c>equals</c>, <c>to_string</c>,
/// <c>get_type</c>, a record's <c>EqualityContract</c>…) or to their own class's name: the generated code still
/// compiles (the member gets a suffix), and two names that end up alike are FQL0108, never a C# error.
/// </summary>
public class CSharpMemberNameTests
{
    [Fact]
    public void NamesOfObjectAndRecordMembersStillCompile()
    {
        var schema = """
            {
              "types": [ { "name": "Order", "fields": [
                { "name": "id", "type": "ID", "nullable": false },
                { "name": "equals", "type": "String", "nullable": true },
                { "name": "get_hash_code", "type": "String", "nullable": true },
                { "name": "to_string", "type": "String", "nullable": true },
                { "name": "get_type", "type": "String", "nullable": true },
                { "name": "equality_contract", "type": "String", "nullable": true },
                { "name": "print_members", "type": "String", "nullable": true },
                { "name": "order", "type": "String", "nullable": true } ] } ],
              "input_types": [ { "name": "OrderInput", "fields": [ { "name": "equals", "type": "String" } ] } ],
              "queries": [
                { "name": "equals", "return_type": "Order", "sql_source": "v_order" },
                { "name": "reference_equals", "return_type": "Order", "sql_source": "v_order" },
                { "name": "queries", "return_type": "Order", "sql_source": "v_order" } ],
              "mutations": [ { "name": "get_hash_code", "return_type": "Order", "sql_source": "fn_x" } ],
              "subscriptions": [ { "name": "to_string", "return_type": "Order" } ]
            }
            """;
        var toml = """
            [[observers.publish]]
            mutation = "get_hash_code"
            subject = "equals"

            [[observers.subscribe]]
            subject = "subjects"
            handler = "to_string"

            [[observers.respond]]
            subject = "get_type"
            handler = "equals"
            """;
        var (result, output, _) = GeneratorHarness.Run(("/s/schema.json", schema), ("/s/fraiseql.toml", toml));
        Assert.Empty(result.Diagnostics);
        var errors = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var sources = GeneratorHarness.Sources(result);
        Assert.Contains("public string? EqualsValue { get; init; }", sources["Types.g.cs"]);
        Assert.Contains("public string? EqualityContractValue { get; init; }", sources["Types.g.cs"]);
        Assert.Contains("QueryDescriptor EqualsQuery = new()", sources["Queries.g.cs"]);
        Assert.Contains("public const string SubjectsSubject = \"subjects\";", sources["Subjects.g.cs"]);
        Assert.Contains("\"equals\" => Queries.EqualsQuery", sources["Registration.g.cs"]);
    }

    [Fact]
    public void FieldsWhoseSuffixedNamesMeetAreFQL0108()
    {
        var schema = """{ "types": [ { "name": "Order", "fields": [ { "name": "id", "type": "ID", "nullable": false }, { "name": "equals", "type": "String", "nullable": true }, { "name": "equals_value", "type": "String", "nullable": true } ] } ] }""";
        var d = DiagnosticAssert.At(DiagnosticAssert.Run(schema), "FQL0108", DiagnosticAssert.SchemaPath, schema, "\"equals_value\"");
        Assert.Contains("EqualsValue", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void OperationsWhoseSuffixedNamesMeetAreFQL0108()
    {
        var schema = """{ "types": [ { "name": "Order", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] } ], "queries": [ { "name": "equals", "return_type": "Order", "sql_source": "v" }, { "name": "equals_query", "return_type": "Order", "sql_source": "v" } ] }""";
        var d = DiagnosticAssert.At(DiagnosticAssert.Run(schema), "FQL0108", DiagnosticAssert.SchemaPath, schema, "\"equals_query\"");
        Assert.Contains("EqualsQuery", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "types": [ { "name": "StatusValues", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] } ], "enums": [ { "name": "Status", "values": [ { "name": "A" } ] } ] }""", "\"Status\"")]
    [InlineData("""{ "types": [ { "name": "IFoo", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] } ], "interfaces": [ { "name": "Foo", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] } ] }""", "\"Foo\"")]
    [InlineData("""{ "types": [ { "name": "IBar", "fields": [ { "name": "id", "type": "ID", "nullable": false } ] } ], "unions": [ { "name": "Bar", "member_types": [ "IBar" ] } ] }""", "\"Bar\"")]
    public void ATypeNamedLikeAnEnumsValuesClassOrAnInterfaceMarkerIsFQL0108(string schema, string at)
    {
        DiagnosticAssert.At(DiagnosticAssert.Run(schema), "FQL0108", DiagnosticAssert.SchemaPath, schema, at);
    }
}
