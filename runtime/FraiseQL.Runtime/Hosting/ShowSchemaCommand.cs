using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace FraiseQL.Hosting;

/// <summary>
/// <c>&lt;service&gt; schema [--output &lt;file&gt;]</c>: prints the service's GraphQL schema as SDL, the one the generator
/// wrote from schema.json, for code generators and schema registries (GraphQL Code Generator's <c>schema:</c> takes
/// the file). It is the whole schema, every role's operations included: what a caller sees over introspection is
/// filtered by its roles, this file is not, so keep it with the code, not on a public server.
/// </summary>
internal static class ShowSchemaCommand
{
    public const string Usage = "usage: <service> schema [--output <file>]";

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output, TextWriter error)
    {
        string? file = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] is "--output" or "-o" && i + 1 < args.Length && file is null)
            {
                file = args[++i];
            }
            else
            {
                await error.WriteLineAsync($"schema: unexpected argument \"{args[i]}\"\n{Usage}").ConfigureAwait(false);
                return 2;
            }
        }
        var sdl = FraiseQLServiceCollectionExtensions.RequireGenerated(services).Schema.Sdl;
        if (string.IsNullOrWhiteSpace(sdl))
        {
            await error.WriteLineAsync("schema: the generated registration carries no SDL (rebuild the service with the FraiseQL generator)").ConfigureAwait(false);
            return 1;
        }
        var text = sdl.EndsWith('\n') ? sdl : sdl + "\n";
        if (file is null)
        {
            await output.WriteAsync(text).ConfigureAwait(false);
            return 0;
        }
        try
        {
            await File.WriteAllTextAsync(file, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            await error.WriteLineAsync($"schema: cannot write {file}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        await output.WriteLineAsync($"schema: wrote {Path.GetFullPath(file)}").ConfigureAwait(false);
        return 0;
    }
}
