using FraiseQL.Configuration;
using FraiseQL.GraphQL;
using FraiseQL.Hosting;
using FraiseQL.Http;
using FraiseQL.Schema;
using FraiseQL.WebSockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary><c>builder.Services.AddFraiseQL(builder.Configuration)</c>: the GraphQL runtime over the generated schema.</summary>
public static class FraiseQLServiceCollectionExtensions
{
    /// <summary>
    /// Registers the runtime: fraiseql.toml (<see cref="FraiseQLConfig"/>, loaded once at start),
    /// <see cref="FraiseQLOptions"/>, the executable schema, document cache, executor, HTTP and WebSocket
    /// endpoints, health checks. Requires the generated <c>AddFraiseQLGenerated()</c> (checked by
    /// <c>MapFraiseQL</c>). Replaceable seams: <see cref="IFieldAuthorizer"/>, <see cref="IRequestContextFactory"/>.
    /// </summary>
    public static IServiceCollection AddFraiseQL(this IServiceCollection services, IConfiguration configuration, Action<FraiseQLOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        // a bad setting found now or in MapFraiseQL, uncaught in Program.cs, ends the process with its message and exit code 1
        UnhandledStartupError.Install();

        var config = LoadConfig(services, configuration, configure);
        services.AddSingleton(config);
        services.AddSingleton<IHostedService>(sp => new UnknownConfigKeysWarning(config, sp.GetRequiredService<ILogger<UnknownConfigKeysWarning>>()));
        services.AddSingleton<IOptions<FraiseQLOptions>>(sp =>
        {
            var options = new FraiseQLOptions();
            FraiseQLOptionsBinder.ApplyToml(options, sp.GetRequiredService<FraiseQLConfig>());
            FraiseQLOptionsBinder.ApplyConfiguration(options, configuration);
            configure?.Invoke(options);
            options.EnableGraphiQL = options.GraphiQL ?? sp.GetService<IHostEnvironment>()?.IsDevelopment() ?? false;
            return Microsoft.Extensions.Options.Options.Create(options);
        });
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<FraiseQLOptions>>().Value.Limits);
        services.AddSingleton(sp => ExecutableSchema.Build(RequireGenerated(sp).Schema));
        services.AddSingleton(sp =>
        {
            var authorizer = sp.GetRequiredService<IFieldAuthorizer>();
            return new DocumentCache(
                sp.GetRequiredService<ExecutableSchema>(),
                sp.GetRequiredService<IOptions<FraiseQLOptions>>().Value.DocumentCacheSize,
                isFieldPublic: authorizer.IsFieldPublic);
        });
        services.TryAddSingleton<IFieldAuthorizer, AllowAllFieldAuthorizer>();
        services.TryAddSingleton<IRequestContextFactory, HttpRequestContextFactory>();
        services.TryAddSingleton<IWebSocketConnectionInitializer, PassThroughWebSocketConnectionInitializer>();
        services.AddSingleton(sp =>
        {
            // [server.persisted_queries]: the manifest is read here, when MapFraiseQL resolves the executor, so a
            // missing or malformed one stops start-up
            var persisted = config.Server.PersistedQueries;
            var contentRoot = sp.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
            var manifest = persisted.Manifest is { Length: > 0 } path
                ? PersistedDocumentManifest.Load(Path.GetFullPath(path, contentRoot))
                : new Dictionary<string, string>();
            return new PersistedDocuments(persisted.Mode, manifest, persisted.MaxEntries);
        });
        services.AddSingleton(sp => new GraphQLExecutor(
            sp.GetRequiredService<ExecutableSchema>(),
            sp.GetRequiredService<DocumentCache>(),
            sp.GetService<FraiseQL.Execution.IRootFieldExecutor>(),
            sp.GetRequiredService<IFieldAuthorizer>(),
            sp.GetRequiredService<QueryLimits>(),
            sp.GetRequiredService<ILogger<GraphQLExecutor>>(),
            sp.GetRequiredService<PersistedDocuments>(),
            new IntrospectionAccess(config.Server.Introspection, config.Server.IntrospectionRoles)));
        services.AddSingleton<GraphQLWebSocketHandler>();
        services.AddSingleton<GraphQLServerSentEvents>();
        services.AddSingleton<GraphQLHttpEndpoint>();
        services.AddHealthChecks();
        services.PostConfigure<Microsoft.AspNetCore.ResponseCompression.ResponseCompressionOptions>(GraphQLResponseCompression.ListGraphQLMediaType);
        FraiseQLOpenTelemetry.AddIfConfigured(services, configuration, config.Project.Name ?? "fraiseql-service");
        FraiseQLRuntimeComposition.Compose(services, config);
        return services;
    }

    internal static IGeneratedService RequireGenerated(IServiceProvider sp) =>
        sp.GetService<IGeneratedService>() ?? throw new InvalidOperationException(
            "FraiseQL: no generated schema is registered. Call builder.Services.AddFraiseQLGenerated() (emitted by the FraiseQL generator " +
            "from schema.json; add schema.json and fraiseql.toml as <AdditionalFiles> and reference FraiseQL.Generators as an analyzer) before building the app.");

    /// <summary>
    /// Loads fraiseql.toml while services are being registered, so a bad or missing setting stops start-up
    /// with an error naming the key and the file, and so the subsystems it configures (PostgreSQL, NATS,
    /// security) are registered only when configured.
    /// </summary>
    private static FraiseQLConfig LoadConfig(IServiceCollection services, IConfiguration configuration, Action<FraiseQLOptions>? configure)
    {
        var scratch = new FraiseQLOptions();
        FraiseQLOptionsBinder.ApplyConfiguration(scratch, configuration);
        configure?.Invoke(scratch);
        var contentRoot = configuration[HostDefaults.ContentRootKey] ?? Directory.GetCurrentDirectory();
        // `sql` and `schema` never connect: the settings only they do not need (DATABASE_URL) may be missing
        var offline = FraiseQLCommandLine.IsOfflineCommand(FraiseQLCommandLine.ProcessArguments);
        if (scratch.ConfigPath is { Length: > 0 } explicitPath)
        {
            return FraiseQLConfigLoader.LoadFile(Path.GetFullPath(Path.Combine(contentRoot, explicitPath)), null, offline);
        }
        var defaultPath = Path.Combine(contentRoot, "fraiseql.toml");
        if (File.Exists(defaultPath))
        {
            return FraiseQLConfigLoader.LoadFile(defaultPath, null, offline);
        }
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(IGeneratedService) && descriptor.ImplementationInstance is IGeneratedService { Schema.ConfigToml: { } snapshot })
            {
                return FraiseQLConfigLoader.Parse(snapshot, "fraiseql.toml (embedded by the generator)", null, offline);
            }
        }
        return offline ? FraiseQLConfigLoader.Parse("", "defaults", null, offline) : new FraiseQLConfig();
    }
}
