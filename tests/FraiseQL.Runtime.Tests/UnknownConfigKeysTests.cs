using System.Collections.Concurrent;
using FraiseQL.Configuration;
using FraiseQL.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FraiseQL.Runtime.Tests;

/// <summary>
/// Keys of the fraiseql.toml read at start that no one knows: the build warns about them (FQL0200) in the file it
/// compiled, but the file the service runs with was read with them silently ignored (a misspelt <c>poool_max</c> left the
/// pool at its default, with nothing said).
/// </summary>
public sealed class UnknownConfigKeysTests
{
    private static IReadOnlyList<string> Find(string toml) =>
        UnknownConfigKeys.Find(FraiseQLConfigLoader.Parse(toml, "fraiseql.toml", _ => "x").Root!);

    [Fact]
    public void Misspelt_keys_and_sections_are_found_and_known_ones_are_not()
    {
        Assert.Equal(
            ["[database] poool_max", "[observers.consumer] max_delivr", "[observers.publish] subjekt", "[servr]", "nmae"],
            Find("""
                nmae = "x"
                [database]
                url = "postgresql://localhost/app"
                poool_max = 5
                [servr]
                port = 1
                [observers.consumer]
                max_delivr = 3
                [[observers.publish]]
                mutation = "m"
                subject = "fraiseql.m.done"
                subjekt = "s"
                [security.rls.session_variables]
                anything = "jwt.sub"
                [[auth.signing_keys]]
                kid = "k"
                key_base64 = "AAAA"
                """).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_example_services_files_have_none()
    {
        foreach (var service in new[] { "order", "inventory", "notification", "analytics" })
        {
            var file = Path.Combine(RepositoryRoot(), "example-services", service + "-service", "fraiseql.toml");
            var config = FraiseQLConfigLoader.LoadFile(file, name => name switch
            {
                "DATABASE_URL" => "postgresql://localhost/app",
                "NATS_URL" => "nats://127.0.0.1:4222",
                _ => null,
            });
            Assert.Empty(UnknownConfigKeys.Find(config.Root!));
        }
    }

    [Fact]
    public async Task The_service_warns_at_start_about_each_one()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await TestHost.StartAsync(
            configureConfig: "[validation]\nmax_query_dept = 3\n",
            services: s => s.AddSingleton<ILoggerProvider>(logs));

        var warning = Assert.Single(logs.Warnings, w => w.Contains("max_query_dept", StringComparison.Ordinal));
        Assert.Contains("[validation] max_query_dept is not a fraiseql.toml setting and is ignored", warning, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FraiseQL.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("FraiseQL.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Warnings { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Warning)
                {
                    owner.Warnings.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
