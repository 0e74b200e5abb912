using System.Linq;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Emit;

/// <summary>Registration.g.cs: <c>FraiseQLGenerated</c> (the <c>IGeneratedService</c> with switch-based
/// lookups) and <c>services.AddFraiseQLGenerated()</c>.</summary>
internal static class RegistrationEmitter
{
    public const string HintName = "Registration.g.cs";

    public static string Emit(RegistrationSlice slice)
    {
        var ns = DescriptorWriter.Ns;
        var w = new CodeWriter();
        w.Raw(CSharp.Header).Line();
        w.Open($"namespace {slice.Namespace}");
        w.Summary("This service's compiled FraiseQL schema: everything schema.json and fraiseql.toml declared.");
        w.Open($"public sealed partial class FraiseQLGenerated : {ns}IGeneratedService");
        w.Line("public static readonly FraiseQLGenerated Instance = new();").Line();
        w.Summary("fraiseql.toml as written (${ENV} placeholders are resolved by the runtime at start), or null.");
        w.Line($"public const string? ConfigToml ={(slice.ConfigToml is null ? " null" : "\n" + CSharp.RawLiteral(slice.ConfigToml))};").Line();
        w.Open("private FraiseQLGenerated()");
        w.Line($"Schema = new {ns}SchemaDescriptor").Line("{").Indent();
        w.Line($"ServiceName = {CSharp.Literal(slice.ServiceName)},");
        w.Line($"Version = {CSharp.Literal(slice.Version)},");
        w.Line("Types = FraiseQLSchema.Types,");
        w.Line("Interfaces = FraiseQLSchema.Interfaces,");
        w.Line("Unions = FraiseQLSchema.Unions,");
        w.Line("Enums = FraiseQLSchema.Enums,");
        w.Line("InputTypes = FraiseQLSchema.InputTypes,");
        w.Line("Scalars = FraiseQLSchema.Scalars,");
        w.Line($"Queries = [{string.Join(", ", slice.Queries.Select(q => "Queries." + q.CSharpMember))}],");
        w.Line($"Mutations = [{string.Join(", ", slice.Mutations.Select(q => "Mutations." + q.CSharpMember))}],");
        w.Line($"Subscriptions = [{string.Join(", ", slice.Subscriptions.Select(q => "Subscriptions." + q.CSharpMember))}],");
        w.Line("Publishes = Observers.Publishes,");
        w.Line("Subscribes = Observers.Subscribes,");
        w.Line("Responds = Observers.Responds,");
        w.Line("Sdl = FraiseQLSchema.Sdl,");
        w.Line("IntrospectionJson = FraiseQLSchema.IntrospectionJson,");
        w.Line("ConfigToml = ConfigToml,");
        w.Outdent().Line("};");
        w.Line("OnCreated();");
        w.Close().Line();
        w.Summary("Runs once when Instance is created; implement in a partial class to adjust the schema.");
        w.Line("partial void OnCreated();").Line();
        w.Line($"public {ns}SchemaDescriptor Schema {{ get; }}").Line();
        Find(w, "QueryDescriptor", "FindQuery", "Queries", slice.Queries);
        Find(w, "MutationDescriptor", "FindMutation", "Mutations", slice.Mutations);
        Find(w, "SubscriptionDescriptor", "FindSubscription", "Subscriptions", slice.Subscriptions);
        w.Line($"public {ns}SubscribeDescriptor? FindHandler(string subject) => Observers.FindHandler(subject);").Line();
        w.Line($"public {ns}RespondDescriptor? FindResponder(string subject) => Observers.FindResponder(subject);");
        w.Close();
        w.Close().Line();
        w.Open("namespace Microsoft.Extensions.DependencyInjection");
        w.Summary("Registers this project's generated FraiseQL service.");
        w.Open("public static class FraiseQLGeneratedServiceCollectionExtensions");
        w.Line($"public static IServiceCollection AddFraiseQLGenerated(this IServiceCollection services) =>");
        w.Line($"    {ns}GeneratedServiceRegistration.AddFraiseQLGeneratedService(services, global::{slice.Namespace}.FraiseQLGenerated.Instance);");
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>
    /// Registration.g.cs while schema.json or fraiseql.toml has errors: only <c>AddFraiseQLGenerated</c>, so the
    /// service's call to it compiles and the FQL diagnostics are the build's only errors (the build fails on them).
    /// </summary>
    public static string EmitPlaceholder()
    {
        var w = new CodeWriter();
        w.Raw(CSharp.Header).Line();
        w.Open("namespace Microsoft.Extensions.DependencyInjection");
        w.Summary("Stands in for the generated registration while schema.json or fraiseql.toml has errors (see the FQL diagnostics).");
        w.Open("public static class FraiseQLGeneratedServiceCollectionExtensions");
        w.Line("public static IServiceCollection AddFraiseQLGenerated(this IServiceCollection services) =>");
        w.Line("    throw new global::System.InvalidOperationException(\"FraiseQL generated no service: schema.json or fraiseql.toml has errors (see the build's FQL diagnostics).\");");
        w.Close();
        w.Close();
        return w.ToString();
    }

    private static void Find(CodeWriter w, string type, string method, string className, EquatableArray<OperationName> ops)
    {
        w.Line($"public {DescriptorWriter.Ns}{type}? {method}(string graphQLName) => graphQLName switch").Line("{").Indent();
        foreach (var op in ops)
        {
            w.Line($"{CSharp.Literal(op.GraphQLName)} => {className}.{op.CSharpMember},");
        }
        w.Line("_ => null,").Outdent().Line("};").Line();
    }
}
