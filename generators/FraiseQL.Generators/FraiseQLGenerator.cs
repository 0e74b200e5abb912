using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using FraiseQL.Generators.Configuration;
using FraiseQL.Generators.Descriptors;
using FraiseQL.Generators.Diagnostics;
using FraiseQL.Generators.Emit;
using FraiseQL.Generators.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FraiseQL.Generators;

/// <summary>
/// schema.json + fraiseql.toml (AdditionalFiles) → C#. Stages: read the files → parse (positions kept) →
/// validate and resolve into a value-equatable <see cref="ServiceModel"/> → one slice per hint file → emit.
/// No ISymbol, Compilation or Location travels through the pipeline, so unrelated edits re-run nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class FraiseQLGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static f => IsSchema(f.Path) || IsConfig(f.Path))
            .Select(static (f, ct) => new InputFile(f.Path, f.GetText(ct)?.ToString() ?? ""));

        var schemaFiles = files.Where(static f => IsSchema(f.Path)).Collect()
            .Select(static (all, _) => all.OrderBy(f => f.Path, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.SchemaFiles);
        var configFiles = files.Where(static f => IsConfig(f.Path)).Collect()
            .Select(static (all, _) => all.OrderBy(f => f.Path, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.ConfigFiles);

        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (o, _) =>
            {
                o.GlobalOptions.TryGetValue("build_property.RootNamespace", out var rootNamespace);
                o.GlobalOptions.TryGetValue("build_property.MSBuildProjectName", out var projectName);
                var ns = GeneratorOptions.SanitizeNamespace(rootNamespace);
                return new GeneratorOptions(ns, string.IsNullOrWhiteSpace(projectName) ? ns : projectName!);
            })
            .WithTrackingName(TrackingNames.Options);

        var config = configFiles
            .Select(static (files, _) => files.Count == 0 ? null : TomlConfigReader.Read(files[0].Path, files[0].Text))
            .WithTrackingName(TrackingNames.Config);

        var naming = config.Select(static (c, _) => c?.NamingConvention);

        var schema = schemaFiles.Combine(naming)
            .Select(static (pair, _) => pair.Left.Count == 0 ? null : SchemaJsonReader.Read(pair.Left[0].Path, pair.Left[0].Text, pair.Right))
            .WithTrackingName(TrackingNames.Schema);

        var service = schema.Combine(config).Combine(options)
            .Select(static (input, _) =>
            {
                var ((schemaModel, configModel), opts) = input;
                return schemaModel is null ? null : ServiceModelBuilder.Build(schemaModel, configModel, opts.Namespace, opts.FallbackServiceName);
            })
            .WithTrackingName(TrackingNames.Service);

        var diagnostics = service.Combine(schemaFiles).Combine(configFiles)
            .Select(static (input, _) =>
            {
                var ((model, schemas), configs) = input;
                var list = ImmutableArray.CreateBuilder<DiagnosticInfo>();
                if (schemas.Count > 1)
                {
                    var paths = string.Join(", ", schemas.Select(f => f.Path));
                    foreach (var f in schemas.Skip(1))
                    {
                        list.Add(DiagnosticInfo.Create("FQL0003", new FileSpan(f.Path, 0, 0, 0, 0, 0, 0), paths));
                    }
                }
                if (schemas.Count == 0 && configs.Count > 0)
                {
                    list.Add(DiagnosticInfo.Create("FQL0006", new FileSpan(configs[0].Path, 0, 0, 0, 0, 0, 0)));
                }
                if (configs.Count > 1)
                {
                    var paths = string.Join(", ", configs.Select(f => f.Path));
                    foreach (var f in configs.Skip(1))
                    {
                        list.Add(DiagnosticInfo.Create("FQL0004", new FileSpan(f.Path, 0, 0, 0, 0, 0, 0), paths));
                    }
                }
                if (model is not null)
                {
                    list.AddRange(model.Diagnostics);
                }
                return new EquatableArray<DiagnosticInfo>(list.ToImmutable());
            })
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (var d in list)
            {
                spc.ReportDiagnostic(ToDiagnostic(d));
            }
        });

        // Only a valid service with a single schema.json and at most one fraiseql.toml is emitted.
        var valid = service.Combine(schemaFiles).Combine(configFiles)
            .Select(static (input, _) =>
            {
                var ((model, schemas), configs) = input;
                return model is null || model.HasErrors || schemas.Count > 1 || configs.Count > 1 ? null : model;
            });

        // With errors nothing is emitted; a placeholder AddFraiseQLGenerated keeps the FQL diagnostics the build's only
        // errors (without it every one came with a CS1061 for the service's call to AddFraiseQLGenerated)
        var failed = service.Combine(schemaFiles).Combine(configFiles)
            .Select(static (input, _) =>
            {
                var ((model, schemas), configs) = input;
                return model is not null && (model.HasErrors || schemas.Count > 1 || configs.Count > 1);
            })
            .WithTrackingName(TrackingNames.RegistrationPlaceholder);
        context.RegisterSourceOutput(failed, static (spc, hasErrors) =>
        {
            if (hasErrors)
            {
                spc.AddSource(RegistrationEmitter.HintName, SourceText.From(RegistrationEmitter.EmitPlaceholder(), System.Text.Encoding.UTF8));
            }
        });

        Register(context, valid, TrackingNames.Types, TypesEmitter.HintName,
            static m => new TypesSlice(m.Namespace, m.Types, m.Enums, m.InputTypes, m.Interfaces, m.Unions, m.Scalars), TypesEmitter.Emit);
        Register(context, valid, TrackingNames.Queries, QueriesEmitter.HintName,
            static m => new QueriesSlice(m.Namespace, m.Queries), QueriesEmitter.Emit);
        Register(context, valid, TrackingNames.Mutations, MutationsEmitter.HintName,
            static m => new MutationsSlice(m.Namespace, m.Mutations), MutationsEmitter.Emit);
        Register(context, valid, TrackingNames.Subscriptions, SubscriptionsEmitter.HintName,
            static m => new SubscriptionsSlice(m.Namespace, m.Subscriptions), SubscriptionsEmitter.Emit);
        Register(context, valid, TrackingNames.Subjects, SubjectsEmitter.HintName,
            static m => new SubjectsSlice(m.Namespace, m.Subjects), SubjectsEmitter.Emit);
        Register(context, valid, TrackingNames.Observers, ObserversEmitter.HintName,
            static m => new ObserversSlice(m.Namespace, m.Publishes, m.Handlers, m.Responders), ObserversEmitter.Emit);
        Register(context, valid, TrackingNames.SchemaOutput, SchemaEmitter.HintName,
            static m => new SchemaSlice(m.Namespace, m.Types, m.Enums, m.DerivedEnums, m.InputTypes, m.DerivedInputTypes,
                m.Interfaces, m.Unions, m.Scalars, m.Directives, m.Queries, m.Mutations, m.Subscriptions), SchemaEmitter.Emit);
        Register(context, valid, TrackingNames.Registration, RegistrationEmitter.HintName,
            static m => new RegistrationSlice(m.Namespace, m.ServiceName, m.Version, m.ConfigToml,
                m.Queries.Select(q => new OperationName(q.Declared.Name, DescriptorWriter.Member(q.CSharpName, QueriesEmitter.ClassName, "Query"))).ToEquatableArray(),
                m.Mutations.Select(q => new OperationName(q.Declared.Name, DescriptorWriter.Member(q.CSharpName, MutationsEmitter.ClassName, "Mutation"))).ToEquatableArray(),
                m.Subscriptions.Select(q => new OperationName(q.Declared.Name, DescriptorWriter.Member(q.CSharpName, SubscriptionsEmitter.ClassName, "Subscription"))).ToEquatableArray()),
            RegistrationEmitter.Emit);
    }

    private static void Register<TSlice>(
        IncrementalGeneratorInitializationContext context,
        IncrementalValueProvider<ServiceModel?> model,
        string trackingName,
        string hintName,
        Func<ServiceModel, TSlice> slice,
        Func<TSlice, string> emit)
        where TSlice : class
    {
        var sliced = model.Select((m, _) => m is null ? null : slice(m)).WithTrackingName(trackingName);
        context.RegisterSourceOutput(sliced, (spc, s) =>
        {
            if (s is not null)
            {
                spc.AddSource(hintName, SourceText.From(emit(s), System.Text.Encoding.UTF8));
            }
        });
    }

    internal static bool IsSchema(string path) => string.Equals(Path.GetFileName(path), "schema.json", StringComparison.OrdinalIgnoreCase);

    internal static bool IsConfig(string path) => string.Equals(Path.GetFileName(path), "fraiseql.toml", StringComparison.OrdinalIgnoreCase);

    private static Diagnostic ToDiagnostic(DiagnosticInfo info)
    {
        var descriptor = DiagnosticDescriptors.ById[info.Id];
        var location = Location.None;
        if (info.Span is { } s && s.Path.Length > 0)
        {
            location = Location.Create(s.Path, new TextSpan(s.Start, s.Length),
                new LinePositionSpan(new LinePosition(s.StartLine, s.StartColumn), new LinePosition(s.EndLine, s.EndColumn)));
        }
        return Diagnostic.Create(descriptor, location, info.Arguments.Select(a => (object)a).ToArray());
    }
}
