namespace FraiseQL.Generators.Tests.Infrastructure;

/// <summary>Locates the repository (for the example services' files and the generator project).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string ExampleService(string name) => Path.Combine(Root, "example-services", name);

    public static string Schemas => Path.Combine(Root, "tests", "FraiseQL.Generators.Tests", "Schemas");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FraiseQL.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("FraiseQL.sln not found above " + AppContext.BaseDirectory);
    }
}
