using FraiseQL.Runtime.Security.Configuration;
using Tomlyn.Model;

namespace FraiseQL.Runtime.Security.Nats;

/// <summary>Reads a <see cref="NatsServiceProfile"/> (subjects and <c>[observers.credentials]</c>) from fraiseql.toml.</summary>
public static class NatsServiceProfileReader
{
    /// <param name="environment">Resolves <c>${ENV}</c>; null leaves placeholders as written (config generation).</param>
    public static NatsServiceProfile FromToml(string tomlText, string sourceName, Func<string, string?>? environment, string? baseDirectory = null)
    {
        var root = TomlValues.Parse(tomlText, sourceName);
        var values = new TomlValues(environment, sourceName);
        var project = values.Table(root, "project", "project");
        var observers = values.Table(root, "observers", "observers") ?? new TomlTable();
        var name = values.String(observers, "service_name", "observers.service_name")
            ?? (project is null ? null : values.String(project, "name", "project.name"))
            ?? throw new SecurityConfigurationException($"{values.Source}: [project] name (or [observers] service_name) is required to name the service's NATS user, consumers and inbox");
        var deadLetter = values.Table(observers, "dead_letter", "observers.dead_letter");
        var stream = values.Table(observers, "stream", "observers.stream");
        var streamName = stream is null ? null : values.String(stream, "name", "observers.stream.name");
        var deadLetterPrefix = (deadLetter is null ? null : values.String(deadLetter, "subject_prefix", "observers.dead_letter.subject_prefix")) ?? "fraiseql.dlq";

        var publish = new List<string>();
        var feeds = new List<string>();
        var i = 0;
        foreach (var entry in values.TableArray(observers, "publish", "observers.publish"))
        {
            var subject = RequiredSubject(values, entry, $"observers.publish[{i++}]");
            AddDistinct(publish, subject);
            if (entry.ContainsKey("subscription_topic"))
            {
                AddDistinct(feeds, subject);
            }
        }
        return new NatsServiceProfile
        {
            ServiceName = name,
            PublishSubjects = publish,
            SubscriptionFeedSubjects = feeds,
            SubscribeSubjects = Subjects(values, observers, "subscribe"),
            RequestSubjects = Subjects(values, observers, "request"),
            RespondSubjects = Subjects(values, observers, "respond"),
            Credentials = ReadCredentials(values, observers, baseDirectory),
            BaseDirectory = baseDirectory,
            DeadLetterPrefix = deadLetterPrefix,
            StreamName = streamName,
        };
    }

    public static NatsCredentialOptions ReadCredentials(string tomlText, Func<string, string?> environment, string? baseDirectory = null)
    {
        var root = TomlValues.Parse(tomlText, "fraiseql.toml");
        var values = new TomlValues(environment);
        return ReadCredentials(values, values.Table(root, "observers", "observers") ?? new TomlTable(), baseDirectory);
    }

    private static NatsCredentialOptions ReadCredentials(TomlValues values, TomlTable observers, string? baseDirectory)
    {
        if (values.Table(observers, "credentials", "observers.credentials") is not { } c)
        {
            return new NatsCredentialOptions();
        }
        string? PathOf(string key) => values.String(c, key, "observers.credentials." + key) is { } p
            ? (baseDirectory is null || Path.IsPathRooted(p) || p.Contains("${", StringComparison.Ordinal) ? p : Path.GetFullPath(Path.Combine(baseDirectory, p)))
            : null;
        var options = new NatsCredentialOptions
        {
            User = values.String(c, "user", "observers.credentials.user"),
            Password = values.String(c, "password", "observers.credentials.password"),
            PasswordFile = PathOf("password_file"),
            Token = values.String(c, "token", "observers.credentials.token"),
            TokenFile = PathOf("token_file"),
            NKeySeedFile = PathOf("nkey_seed_file"),
            CredsFile = PathOf("creds_file"),
            TlsCaFile = PathOf("tls_ca_file"),
            TlsCertFile = PathOf("tls_cert_file"),
            TlsKeyFile = PathOf("tls_key_file"),
            TlsRequired = values.Bool(c, "tls_required", "observers.credentials.tls_required") ?? false,
        };
        var kinds = (options.User is not null ? 1 : 0) + (options.Token is not null || options.TokenFile is not null ? 1 : 0)
            + (options.NKeySeedFile is not null ? 1 : 0) + (options.CredsFile is not null ? 1 : 0);
        if (kinds > 1)
        {
            throw new SecurityConfigurationException($"{values.Source}: [observers.credentials] sets more than one of user, token/token_file, nkey_seed_file, creds_file; choose one");
        }
        if (options.User is not null && options.Password is null && options.PasswordFile is null)
        {
            throw new SecurityConfigurationException($"{values.Source}: [observers.credentials] user needs password or password_file");
        }
        return options;
    }

    private static List<string> Subjects(TomlValues values, TomlTable observers, string key)
    {
        var subjects = new List<string>();
        var i = 0;
        foreach (var entry in values.TableArray(observers, key, "observers." + key))
        {
            AddDistinct(subjects, RequiredSubject(values, entry, $"observers.{key}[{i++}]"));
        }
        return subjects;
    }

    private static string RequiredSubject(TomlValues values, TomlTable entry, string path)
    {
        var subject = values.String(entry, "subject", path + ".subject")
            ?? throw new SecurityConfigurationException($"{values.Source}: '{path}' needs a subject");
        if (subject.Length == 0 || subject.Any(char.IsWhiteSpace) || subject.Contains("..", StringComparison.Ordinal))
        {
            throw new SecurityConfigurationException($"{values.Source}: '{path}.subject' = \"{subject}\" is not a valid NATS subject");
        }
        return subject;
    }

    private static void AddDistinct(List<string> list, string value)
    {
        if (!list.Contains(value, StringComparer.Ordinal))
        {
            list.Add(value);
        }
    }
}
