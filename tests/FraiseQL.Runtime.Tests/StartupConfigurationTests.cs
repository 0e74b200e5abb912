using FraiseQL.Configuration;
using FraiseQL.Hosting;
using FraiseQL.Runtime.Tests.Support;
using FraiseQL.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FraiseQL.Runtime.Tests;

/// <summary>Which fraiseql.toml start-up reads (the content root's, or FraiseQL:ConfigPath) and what stops it.</summary>
public sealed class StartupConfigurationTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("fraiseql-startup-");

    public void Dispose() => _root.Delete(recursive: true);

    /// <summary>Builds the app the way a service's Program.cs does (no executor registered by hand) and maps it.</summary>
    private WebApplication Start(string? configPath = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = _root.FullName });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        if (configPath is not null)
        {
            builder.Configuration.AddInMemoryCollection([new("FraiseQL:ConfigPath", configPath)]);
        }
        builder.Services.AddFraiseQLGeneratedService(new TestSchema.GeneratedService(TestSchema.Build()));
        builder.Services.AddFraiseQL(builder.Configuration);
        var app = builder.Build();
        app.MapFraiseQL();
        return app;
    }

    [Fact]
    public void Missing_database_url_stops_start_up_naming_the_key_the_file_and_the_sql_operations()
    {
        var file = Path.Combine(_root.FullName, "fraiseql.toml");
        File.WriteAllText(file, "[project]\nname = \"no-db\"\n");
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => Start());
        Assert.StartsWith(file + ": [database] url: not set", ex.Message, StringComparison.Ordinal);
        Assert.Contains("orders", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigPath_is_read_relative_to_the_content_root()
    {
        // a content-root fraiseql.toml that would start fine is ignored when FraiseQL:ConfigPath names another file
        File.WriteAllText(Path.Combine(_root.FullName, "fraiseql.toml"), "[database]\nurl = \"postgres://u@127.0.0.1:1/db\"\n");
        Directory.CreateDirectory(Path.Combine(_root.FullName, "conf"));
        var custom = Path.Combine(_root.FullName, "conf", "custom.toml");
        File.WriteAllText(custom, "[database]\npool_max = 0\n");
        var bad = Assert.Throws<FraiseQLConfigurationException>(() => Start("conf/custom.toml"));
        Assert.StartsWith(custom + ": [database] pool_max", bad.Message, StringComparison.Ordinal);

        File.WriteAllText(custom, "[database]\nurl = \"postgres://u@127.0.0.1:1/db\"\npool_max = 3\n");
        using var app = Start("conf/custom.toml");
        Assert.Equal(3, app.Services.GetRequiredService<FraiseQLConfig>().Database.PoolMax);
        Assert.Equal(custom, app.Services.GetRequiredService<FraiseQLConfig>().Source);
    }

    [Fact]
    public void Missing_ConfigPath_file_stops_start_up_naming_it()
    {
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => Start("nowhere/fraiseql.toml"));
        Assert.StartsWith(Path.Combine(_root.FullName, "nowhere", "fraiseql.toml") + ": configuration file not found", ex.Message, StringComparison.Ordinal);
    }
}
