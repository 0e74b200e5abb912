using FraiseQL.Runtime.Security.Configuration;

namespace FraiseQL.Runtime.Security.Nats;

/// <summary>
/// <c>fraiseql-nats-auth [--out FILE] [--list SERVICE] PATH...</c>: prints the nats-server authorization block for the
/// services whose fraiseql.toml files (or directories holding one) are given. Exit code 0 on success, 2 on usage
/// errors, 1 on configuration errors (message names the file and key).
/// </summary>
public static class NatsAuthorizationCommand
{
    public const string Usage = """
        usage: fraiseql-nats-auth [--out FILE] [--account NAME] [--list SERVICE] <fraiseql.toml or service directory>...

        Prints the nats-server `authorization { users = [...] }` block giving each service exactly the NATS
        permissions its fraiseql.toml needs. Include it from nats-server.conf. Passwords written as ${VAR} in
        [observers.credentials] become $VAR (nats-server reads it from its environment); services without
        credentials get $FRAISEQL_NATS_PASSWORD_<SERVICE>. --account NAME puts the users in a JetStream-enabled
        account instead (recommended: JetStream then survives credential-rotation reloads). --list prints one
        service's allowed subjects.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? outFile = null;
        string? listService = null;
        string? account = null;
        var paths = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length:
                    outFile = args[++i];
                    break;
                case "--list" when i + 1 < args.Length:
                    listService = args[++i];
                    break;
                case "--account" when i + 1 < args.Length:
                    account = args[++i];
                    break;
                case "-h" or "--help":
                    await output.WriteLineAsync(Usage).ConfigureAwait(false);
                    return 0;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        await error.WriteLineAsync($"unknown option {args[i]}\n{Usage}").ConfigureAwait(false);
                        return 2;
                    }
                    paths.Add(args[i]);
                    break;
            }
        }
        if (paths.Count == 0)
        {
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }
        try
        {
            var services = new List<NatsServiceProfile>();
            foreach (var path in paths)
            {
                var file = Directory.Exists(path) ? Path.Combine(path, "fraiseql.toml") : path;
                if (!File.Exists(file))
                {
                    await error.WriteLineAsync($"{file}: not found").ConfigureAwait(false);
                    return 1;
                }
                var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
                services.Add(NatsServiceProfileReader.FromToml(text, file, environment: null, Path.GetDirectoryName(Path.GetFullPath(file))));
            }
            if (listService is not null)
            {
                var service = services.FirstOrDefault(s => s.ServiceName == listService);
                if (service is null)
                {
                    await error.WriteLineAsync($"no service named '{listService}' among: {string.Join(", ", services.Select(s => s.ServiceName))}").ConfigureAwait(false);
                    return 1;
                }
                var permissions = NatsUserPermissions.For(service);
                await output.WriteLineAsync("publish:").ConfigureAwait(false);
                foreach (var subject in permissions.PublishAllow)
                {
                    await output.WriteLineAsync("  " + subject).ConfigureAwait(false);
                }
                await output.WriteLineAsync("subscribe:").ConfigureAwait(false);
                foreach (var subject in permissions.SubscribeAllow)
                {
                    await output.WriteLineAsync("  " + subject).ConfigureAwait(false);
                }
                await output.WriteLineAsync($"allow_responses: {(permissions.AllowResponses ? "true" : "false")}").ConfigureAwait(false);
                return 0;
            }
            var config = NatsAuthorizationConfigGenerator.Generate(services, account: account);
            if (outFile is not null)
            {
                await File.WriteAllTextAsync(outFile, config, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await output.WriteAsync(config).ConfigureAwait(false);
            }
            return 0;
        }
        catch (SecurityConfigurationException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 1;
        }
    }
}
