using FraiseQL.Generators.Tests.Infrastructure;

namespace FraiseQL.Generators.Tests;

/// <summary>
/// The FraiseQL.Generators package works for a consumer: pack the generator (with Tomlyn under
/// analyzers/dotnet/cs) and FraiseQL.Abstractions to a folder feed, build a throwaway console project that
/// references them from that feed with a schema.json, run it and read what the generated code prints.
/// Slow (one restore + build + run); isolated package cache, everything deleted afterwards.
/// </summary>
public class PackageConsumptionTests
{
    private const string Version = "0.1.0-packagetest";

    [Fact]
    public void ConsumerOfTheNupkgBuildsAndRunsGeneratedCode()
    {
        var root = Path.Combine(Path.GetTempPath(), "fraiseql-pkgtest-" + Guid.NewGuid().ToString("N")[..12]);
        var feed = Path.Combine(root, "feed");
        var app = Path.Combine(root, "app");
        Directory.CreateDirectory(feed);
        Directory.CreateDirectory(app);
        try
        {
            var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(root, "packages") };
            // A configuration of its own keeps this build out of the Debug/Release outputs the test run uses.
            foreach (var project in new[] { "generators/FraiseQL.Generators/FraiseQL.Generators.csproj", "runtime/FraiseQL.Abstractions/FraiseQL.Abstractions.csproj" })
            {
                DotnetCli.Run(RepositoryPaths.Root, new Dictionary<string, string>(), "pack", project, "-c", "PackageTest", "-o", feed, $"-p:Version={Version}");
            }
            using (var nupkg = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed, $"FraiseQL.Generators.{Version}.nupkg")))
            {
                var entries = nupkg.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("analyzers/dotnet/cs/FraiseQL.Generators.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/Tomlyn.dll", entries);
                Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
            }

            // The local feed plus the machine's configured sources (inherited); the machine's package cache is
            // added as a folder source too, so packages already on the machine are not downloaded again.
            var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
                ? configured
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var cacheSource = Directory.Exists(globalPackages) ? $"""<add key="machine-cache" value="{globalPackages}" />""" : "";
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="fraiseql-local" value="{feed}" />
                    {cacheSource}
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <RootNamespace>PackagedService</RootNamespace>
                  </PropertyGroup>
                  <ItemGroup>
                    <AdditionalFiles Include="schema.json" />
                    <AdditionalFiles Include="fraiseql.toml" />
                    <PackageReference Include="FraiseQL.Generators" Version="{Version}" PrivateAssets="all" />
                    <PackageReference Include="FraiseQL.Abstractions" Version="{Version}" />
                  </ItemGroup>
                </Project>
                """);
            var service = RepositoryPaths.ExampleService("order-service");
            File.Copy(Path.Combine(service, "schema.json"), Path.Combine(app, "schema.json"));
            File.Copy(Path.Combine(service, "fraiseql.toml"), Path.Combine(app, "fraiseql.toml"));
            File.WriteAllText(Path.Combine(app, "Program.cs"), """
                using Microsoft.Extensions.DependencyInjection;
                using PackagedService;

                var services = new ServiceCollection();
                Console.WriteLine(Subjects.FraiseqlOrderCreated);
                Console.WriteLine(Mutations.CreateOrder.Sql);
                Console.WriteLine(FraiseQLGenerated.Instance.FindQuery("orders")?.SqlSource);
                Console.WriteLine(services.AddFraiseQLGenerated().Count);
                """);
            // ServiceCollection lives in Microsoft.Extensions.DependencyInjection (not only the abstractions).
            File.WriteAllText(Path.Combine(app, "App.csproj"), File.ReadAllText(Path.Combine(app, "App.csproj"))
                .Replace("<PackageReference Include=\"FraiseQL.Abstractions\"", "<PackageReference Include=\"Microsoft.Extensions.DependencyInjection\" Version=\"10.0.0\" />\n    <PackageReference Include=\"FraiseQL.Abstractions\""));

            var output = DotnetCli.Run(app, env, "run", "-c", "Release");

            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(["fraiseql.order.created", "SELECT * FROM \"fn_create_order\"($1, $2)", "\"v_order\"", "2"], lines[^4..]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
