using FraiseQL.Events;
using Tomlyn;
using Tomlyn.Model;

namespace FraiseQL.Configuration;

/// <summary>
/// Reads fraiseql.toml into <see cref="FraiseQLConfig"/>: TOML syntax errors carry line:column,
/// every <c>${VAR}</c> is resolved from the environment, every bad value names its key and file.
/// </summary>
public static class FraiseQLConfigLoader
{
    /// <summary>
    /// The <c>[database] url</c> of a configuration loaded for a command that never connects
    /// (<see cref="LoadFile(string, Func{string, string?}?, bool)"/>) when the file leaves it unset: well-formed, so the
    /// data source and the SQL executor can be built, and never opened.
    /// </summary>
    internal const string OfflineDatabaseUrl = "postgresql://offline.invalid/offline";

    /// <summary>Loads and validates the file at <paramref name="path"/>.</summary>
    public static FraiseQLConfig LoadFile(string path, Func<string, string?>? environment = null) => LoadFile(path, environment, offline: false);

    /// <summary>
    /// Loads and validates the file at <paramref name="path"/>. <paramref name="offline"/>: for a command that never
    /// connects (<c>sql</c>, <c>schema</c>): an unset environment variable reads as empty instead of stopping, and an
    /// unset <c>[database] url</c> reads as <see cref="OfflineDatabaseUrl"/>, so a service whose url is
    /// <c>${DATABASE_URL}</c> prints its SQL or schema where no database is configured (a build, a CI job).
    /// </summary>
    internal static FraiseQLConfig LoadFile(string path, Func<string, string?>? environment, bool offline)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FraiseQLConfigurationException($"{path}: configuration file not found (set FraiseQL:ConfigPath or place fraiseql.toml in the content root).");
        }
        return Parse(File.ReadAllText(path), path, environment, offline, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Parses TOML text; <paramref name="sourceName"/> is used in error messages.</summary>
    public static FraiseQLConfig Parse(string toml, string sourceName, Func<string, string?>? environment = null) => Parse(toml, sourceName, environment, offline: false);

    /// <summary>Parses TOML text, for a command that never connects when <paramref name="offline"/> (see <see cref="LoadFile(string, Func{string, string?}?, bool)"/>).</summary>
    internal static FraiseQLConfig Parse(string toml, string sourceName, Func<string, string?>? environment, bool offline) =>
        Parse(toml, sourceName, environment, offline, baseDirectory: null);

    /// <summary>
    /// Parses TOML text; a relative file path in it (<c>[observers.credentials] password_file</c>, …) is taken from
    /// <paramref name="baseDirectory"/>, the file's folder (as <c>fraiseql-nats-auth</c> reads it), or from the current
    /// directory when null.
    /// </summary>
    private static FraiseQLConfig Parse(string toml, string sourceName, Func<string, string?>? environment, bool offline, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(toml);
        if (offline)
        {
            var lookup = environment ?? Environment.GetEnvironmentVariable;
            environment = name => lookup(name) ?? "";
        }
        TomlTable root;
        try
        {
            root = TomlSerializer.Deserialize<TomlTable>(toml, FraiseQLTomlContext.Default) ?? new TomlTable();
        }
        catch (TomlException ex)
        {
            var (line, column, message) = TomlErrors.Describe(ex);
            throw new FraiseQLConfigurationException($"{sourceName}({line},{column}): invalid TOML: {message}", ex);
        }
        var interpolator = new EnvironmentInterpolator(environment);
        var top = new TomlSection(root, sourceName, "", interpolator);
        return new FraiseQLConfig
        {
            Source = sourceName,
            Text = toml,
            Root = root,
            EnvironmentLookup = environment,
            Project = ReadProject(top.Table("project")),
            Database = ReadDatabase(top.Table("database"), offline),
            Server = ReadServer(top.Table("server")),
            Validation = ReadValidation(top.Table("validation")),
            Observers = ReadObservers(top.Table("observers"), top.Table("project"), baseDirectory, offline),
            Security = ReadSecurity(top.Table("security"), top.Table("tenancy")),
            Auth = ReadAuth(top.Table("auth")),
            Subscriptions = ReadSubscriptions(top.Table("subscriptions")),
            Caching = ReadCaching(top.Table("caching")),
        };
    }

    private static CachingConfig ReadCaching(TomlSection s)
    {
        var maxBytes = s.Long("max_bytes") ?? 64L * 1024 * 1024;
        if (maxBytes <= 0)
        {
            throw s.Error("max_bytes", "expected a positive number of bytes", maxBytes);
        }
        var channel = s.String("notify_channel") ?? CachingDefaults.NotifyChannel;
        if (channel.Length > 0 && !FraiseQL.Sql.ResultCacheNotificationListener.IsValidChannel(channel))
        {
            throw s.Error("notify_channel", "expected a PostgreSQL channel name (a letter or _, then letters, digits or _; at most 63), or \"\" for none", channel);
        }
        var notifyTriggers = s.Bool("notify_triggers") ?? false;
        if (notifyTriggers && channel.Length == 0)
        {
            throw s.Error("notify_triggers", "needs a notify_channel to notify (notify_channel is \"\")", notifyTriggers);
        }
        return new CachingConfig
        {
            Enabled = s.Bool("enabled") ?? true,
            MaxEntries = s.PositiveInt("max_entries") ?? 10_000,
            MaxBytes = maxBytes,
            NotifyChannel = channel,
            NotifyTriggers = notifyTriggers,
        };
    }

    private static ProjectConfig ReadProject(TomlSection s) => new()
    {
        Name = s.String("name"),
        Version = s.String("version"),
        Description = s.String("description"),
    };

    private static DatabaseConfig ReadDatabase(TomlSection s, bool offline)
    {
        var type = s.String("type") ?? "postgresql";
        if (type is not ("postgresql" or "postgres"))
        {
            throw s.Error("type", "expected \"postgresql\" (the only supported database)", type);
        }
        var url = s.String("url");
        if (!string.IsNullOrWhiteSpace(url))
        {
            try
            {
                // checked here, where the file and key are known, rather than when the data source is first built
                _ = PostgresConnectionString.FromUrlOrConnectionString(url);
            }
            catch (FormatException ex)
            {
                throw s.SecretError("url", ex.Message, ex);
            }
        }
        var poolMin = s.Int("pool_min") ?? 0;
        var poolMax = s.PositiveInt("pool_max") ?? 20;
        if (poolMin < 0)
        {
            throw s.Error("pool_min", "expected a non-negative integer", poolMin);
        }
        if (poolMin > poolMax)
        {
            throw s.Error("pool_min", $"must not exceed pool_max ({poolMax})", poolMin);
        }
        var startupWaitMs = s.Int("startup_wait_ms") ?? 60_000;
        if (startupWaitMs < 0)
        {
            throw s.Error("startup_wait_ms", "expected a non-negative integer (0: do not wait)", startupWaitMs);
        }
        return new DatabaseConfig
        {
            Type = "postgresql",
            Url = string.IsNullOrWhiteSpace(url) ? (offline ? OfflineDatabaseUrl : null) : url,
            PoolMin = poolMin,
            PoolMax = poolMax,
            ConnectTimeoutMs = s.PositiveInt("connect_timeout_ms") ?? 5000,
            IdleTimeoutMs = s.PositiveInt("idle_timeout_ms") ?? 600_000,
            SslMode = SslModeOf(s),
            CommandTimeoutMs = s.PositiveInt("command_timeout_ms"),
            StartupWaitMs = startupWaitMs,
            ApplyMigrations = s.Bool("apply_migrations") ?? false,
            MigrationsDir = s.String("migrations_dir") ?? "migrations",
            Multiplexing = s.Bool("multiplexing") ?? false,
        };
    }

    private static string? SslModeOf(TomlSection s)
    {
        var mode = s.String("ssl_mode");
        if (mode is not null && !PostgresConnectionString.TryParseSslMode(mode, out _))
        {
            throw s.Error("ssl_mode", "expected disable, allow, prefer, require, verify-ca or verify-full", mode);
        }
        return mode;
    }

    private static ServerConfig ReadServer(TomlSection s)
    {
        var cors = s.Table("cors");
        var tls = s.Table("tls");
        var persisted = s.Table("persisted_queries");
        var port = s.Int("port");
        if (port is < 0 or > 65535)
        {
            throw s.Error("port", "expected a port number 0-65535", port.Value);
        }
        var host = s.String("host");
        if (host is not null && port is null)
        {
            throw s.Error("host", "needs [server] port as well (or leave both out and use ASPNETCORE_URLS)", host);
        }
        if (host is not null && !FraiseQL.Hosting.ServerEndpoint.IsBindableHost(host))
        {
            throw s.Error("host", "expected an IP address, \"localhost\" or \"0.0.0.0\"", host);
        }
        var tlsEnabled = tls.Bool("enabled") ?? false;
        var certFile = tls.String("cert_file");
        var keyFile = tls.String("key_file");
        if (tlsEnabled && string.IsNullOrWhiteSpace(certFile))
        {
            throw tls.Error("cert_file", "is required when enabled = true (a PEM certificate file)", certFile);
        }
        if (tlsEnabled && string.IsNullOrWhiteSpace(keyFile))
        {
            throw tls.Error("key_file", "is required when enabled = true (the PEM private key of cert_file)", keyFile);
        }
        var maxBatchSize = s.Int("max_batch_size");
        if (maxBatchSize is < 0)
        {
            throw s.Error("max_batch_size", "expected 0 (no batches) or a positive integer", maxBatchSize.Value);
        }
        var persistedMode = persisted.String("mode") ?? "apq";
        if (persistedMode is not ("apq" or "trusted" or "off"))
        {
            throw persisted.Error("mode", "expected \"apq\", \"trusted\" or \"off\"", persistedMode);
        }
        var manifest = persisted.String("manifest");
        if (persistedMode == "trusted" && string.IsNullOrWhiteSpace(manifest))
        {
            throw persisted.Error("manifest", "is required when mode = \"trusted\" (a JSON manifest of the documents clients may run)", manifest);
        }
        return new ServerConfig
        {
            Host = host,
            Port = port,
            RequestTimeoutMs = s.PositiveInt("request_timeout_ms") ?? 30_000,
            MaxDocumentBytes = s.PositiveInt("max_document_bytes"),
            MaxVariablesBytes = s.PositiveInt("max_variables_bytes"),
            MaxAliases = s.PositiveInt("max_aliases"),
            MaxBatchSize = maxBatchSize,
            Introspection = s.Bool("introspection") ?? true,
            IntrospectionRoles = s.StringArray("introspection_roles") ?? [],
            GraphiQL = s.Bool("graphiql"),
            Cors = new CorsConfig
            {
                Origins = cors.StringArray("origins") ?? [],
                Credentials = cors.Bool("credentials") ?? false,
            },
            Tls = new TlsConfig
            {
                Enabled = tlsEnabled,
                CertFile = certFile,
                KeyFile = keyFile,
            },
            PersistedQueries = new PersistedQueriesConfig
            {
                Mode = persistedMode,
                Manifest = manifest,
                MaxEntries = persisted.PositiveInt("max_entries") ?? 1000,
            },
        };
    }

    private static ValidationConfig ReadValidation(TomlSection s) => new()
    {
        MaxQueryDepth = s.PositiveInt("max_query_depth"),
        MaxQueryComplexity = s.PositiveInt("max_query_complexity"),
        MaxAliases = s.PositiveInt("max_aliases"),
        MaxPageSize = s.PositiveInt("max_page_size") ?? 1000,
    };

    private static ObserversConfig ReadObservers(TomlSection s, TomlSection project, string? baseDirectory, bool offline)
    {
        var backend = s.String("backend") ?? "nats";
        if (!string.Equals(backend, "nats", StringComparison.Ordinal))
        {
            throw s.Error("backend", "not supported: only \"nats\" is implemented (NATS JetStream)", backend);
        }
        var stream = s.Table("stream");
        var consumer = s.Table("consumer");
        var deadLetter = s.Table("dead_letter");
        var outbox = s.Table("outbox");
        var credentials = s.Table("credentials");
        var storage = stream.String("storage") ?? "file";
        if (storage is not ("file" or "memory"))
        {
            throw stream.Error("storage", "expected \"file\" or \"memory\"", storage);
        }
        var retention = stream.String("retention") ?? "limits";
        if (retention is not ("limits" or "interest" or "workqueue"))
        {
            throw stream.Error("retention", "expected \"limits\", \"interest\" or \"workqueue\"", retention);
        }
        // checked here, where the file and key are known: the stream is created on the first publish, and a max_age the
        // parser refused there failed the relay on every event, for ever, while the service reported ready
        var maxAge = stream.String("max_age") ?? "7d";
        if (!DurationText.TryParse(maxAge, out _))
        {
            throw stream.Error("max_age", "expected a duration: a number followed by ms, s, m, h or d (e.g. \"7d\", \"30m\")", maxAge);
        }
        var backoffMs = consumer.IntArray("backoff_ms") ?? [1000, 5000, 15000, 30000];
        foreach (var delayMs in backoffMs)
        {
            if (delayMs < 0)
            {
                throw consumer.Error("backoff_ms", "expected delays of 0 ms or more", delayMs);
            }
        }
        return new ObserversConfig
        {
            Backend = backend,
            NatsUrl = s.String("nats_url"),
            ServiceName = s.String("service_name") ?? project.String("name"),
            Stream = new StreamConfig
            {
                Name = stream.String("name"),
                Storage = storage,
                Retention = retention,
                MaxAge = maxAge,
                Replicas = stream.PositiveInt("replicas") ?? 1,
                MaxBytes = stream.Long("max_bytes"),
            },
            Consumer = new ConsumerConfig
            {
                AckWaitMs = consumer.PositiveInt("ack_wait_ms") ?? 30_000,
                MaxDeliver = consumer.PositiveInt("max_deliver") ?? 5,
                BackoffMs = backoffMs,
                MaxAckPending = consumer.PositiveInt("max_ack_pending") ?? 1000,
                MaxConcurrentHandlers = consumer.PositiveInt("max_concurrent_handlers") ?? 8,
                MaxEventsPerTransaction = consumer.PositiveInt("max_events_per_transaction") ?? 32,
                FetchBatchSize = consumer.PositiveInt("fetch_batch_size") ?? 100,
            },
            DeadLetter = new DeadLetterConfig { SubjectPrefix = deadLetter.String("subject_prefix") ?? "fraiseql.dlq" },
            Outbox = new OutboxConfig
            {
                PollIntervalMs = outbox.PositiveInt("poll_interval_ms") ?? 500,
                BatchSize = outbox.PositiveInt("batch_size") ?? 100,
                MaxBackoffMs = outbox.PositiveInt("max_backoff_ms") ?? 30_000,
                MaxInFlight = outbox.PositiveInt("max_in_flight") ?? 256,
                InitialBackoffMs = outbox.PositiveInt("initial_backoff_ms") ?? 100,
                RetainSentHours = outbox.Int("retain_sent_hours") is { } hours ? (hours >= 0 ? hours : throw outbox.Error("retain_sent_hours", "expected 0 or more hours", hours)) : 24,
                PublishCommittedDirectly = outbox.Bool("publish_committed_directly") ?? true,
            },
            Credentials = ReadNatsCredentials(credentials, baseDirectory, offline),
            Publish = s.TableArray("publish").Select(p => new PublishConfig
            {
                Mutation = p.RequiredString("mutation"),
                Subject = p.RequiredString("subject"),
                SubscriptionTopic = p.String("subscription_topic"),
            }).ToArray(),
            Subscribe = s.TableArray("subscribe").Select(p => new SubscribeConfig
            {
                Subject = p.RequiredString("subject"),
                Handler = p.RequiredString("handler"),
                MaxDeliver = p.PositiveInt("max_deliver"),
                AckWaitMs = p.PositiveInt("ack_wait_ms"),
            }).ToArray(),
            Request = s.TableArray("request").Select(p => new RequestConfig
            {
                Query = p.RequiredString("query"),
                Subject = p.RequiredString("subject"),
                TimeoutMs = p.PositiveInt("timeout_ms") ?? 2000,
                Retries = p.Int("retries") ?? 0,
            }).ToArray(),
            Respond = s.TableArray("respond").Select(p => new RespondConfig
            {
                Subject = p.RequiredString("subject"),
                Handler = p.RequiredString("handler"),
            }).ToArray(),
        };
    }

    /// <summary>
    /// <c>[observers.credentials]</c>: at most one kind of credential (user with password or password_file, token or
    /// token_file, nkey_seed_file, creds_file), plus TLS files. The <c>*_file</c> secrets are read when the service
    /// connects and again on every reconnect, so rotating a file rotates the credential; each file must exist at
    /// start-up (unless <paramref name="offline"/>), so a wrong path stops the service with its key instead of a
    /// connection that retries forever.
    /// </summary>
    private static FraiseQL.Runtime.Security.Nats.NatsCredentialOptions ReadNatsCredentials(TomlSection s, string? baseDirectory, bool offline)
    {
        // an empty value is unset (but a password), so token = "${NATS_TOKEN:-}" means "no token unless NATS_TOKEN is set"
        string? ValueOf(string key) => s.String(key) is { Length: > 0 } value ? value : null;
        string? PathOf(string key)
        {
            if (ValueOf(key) is not { } path)
            {
                return null;
            }
            var full = baseDirectory is null || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(baseDirectory, path));
            return offline || File.Exists(full) ? full : throw s.Error(key, "expected an existing file", full);
        }
        var config = new FraiseQL.Runtime.Security.Nats.NatsCredentialOptions
        {
            User = ValueOf("user"),
            Password = s.String("password"), // a user's password may be empty: user = "svc", password = "${NATS_PASSWORD:-}"
            PasswordFile = PathOf("password_file"),
            Token = ValueOf("token"),
            TokenFile = PathOf("token_file"),
            NKeySeedFile = PathOf("nkey_seed_file"),
            CredsFile = PathOf("creds_file"),
            TlsCaFile = PathOf("tls_ca_file"),
            TlsCertFile = PathOf("tls_cert_file"),
            TlsKeyFile = PathOf("tls_key_file"),
            TlsRequired = s.Bool("tls_required") ?? false,
        };
        var kinds = new List<string>(4);
        if (config.User is not null)
        {
            kinds.Add("user");
        }
        if (config.Token is not null || config.TokenFile is not null)
        {
            kinds.Add(config.Token is not null ? "token" : "token_file");
        }
        if (config.NKeySeedFile is not null)
        {
            kinds.Add("nkey_seed_file");
        }
        if (config.CredsFile is not null)
        {
            kinds.Add("creds_file");
        }
        if (kinds.Count > 1)
        {
            throw s.Error(kinds[1], $"only one kind of credential may be set (user, token/token_file, nkey_seed_file or creds_file), and {kinds[0]} is set too", "another credential");
        }
        if (config.User is not null && config.Password is null && config.PasswordFile is null)
        {
            throw s.Error("user", "needs password or password_file", config.User);
        }
        if ((config.Password is { Length: > 0 } || config.PasswordFile is not null) && config.User is null)
        {
            throw s.Error(config.Password is not null ? "password" : "password_file", "needs user", "no user");
        }
        if (config.Token is not null && config.TokenFile is not null)
        {
            throw s.Error("token_file", "set token or token_file, not both", "both");
        }
        return config;
    }
    private static SecurityConfig ReadSecurity(TomlSection s, TomlSection tenancy)
    {
        var rls = s.Table("rls");
        var enterprise = s.Table("enterprise");
        return new SecurityConfig
        {
            DefaultRole = s.String("default_role"),
            Anonymous = s.Bool("anonymous") ?? true,
            MultiTenant = s.Bool("multi_tenant") ?? false,
            RoleClaims = s.StringArray("role_claims") ?? ["roles", "role"],
            ScopeClaim = s.String("scope_claim") ?? "scope",
            TenantClaim = s.String("tenant_claim") ?? tenancy.String("tenant_claim") ?? "tenant_id",
            Rls = new RlsConfig
            {
                Enabled = rls.Bool("enabled") ?? false,
                SessionVariables = rls.StringMap("session_variables") ?? new Dictionary<string, string>(),
            },
            RoleDefinitions = s.TableArray("role_definitions").Select(r => new RoleDefinitionConfig
            {
                Name = r.RequiredString("name"),
                Description = r.String("description"),
                Scopes = r.StringArray("scopes") ?? [],
            }).ToArray(),
            Enterprise = new EnterpriseConfig
            {
                Enabled = enterprise.Bool("enabled") ?? false,
                LogLevel = enterprise.String("log_level") ?? "info",
                AsyncLogging = enterprise.Bool("async_logging") ?? true,
                AuditFile = enterprise.String("audit_file"),
                AuditQueueCapacity = enterprise.PositiveInt("audit_queue_capacity") ?? 10_000,
            },
        };
    }

    private static AuthConfig ReadAuth(TomlSection s) => new()
    {
        Issuer = s.String("issuer"),
        Audience = s.String("audience"),
        JwksUri = s.String("jwks_uri"),
        AllowedAlgorithms = s.StringArray("allowed_algorithms") ?? ["RS256"],
        ClockSkewSecs = s.Int("clock_skew_secs") ?? 60,
        Required = s.Bool("required") ?? false,
        SigningKeys = s.TableArray("signing_keys").Select(ReadSigningKey).ToArray(),
        RefreshIntervalS = s.PositiveInt("refresh_interval_s") ?? 300,
        AllowInsecureMetadata = s.Bool("allow_insecure_metadata") ?? false,
    };

    private static SigningKeyConfig ReadSigningKey(TomlSection k)
    {
        var key = new SigningKeyConfig
        {
            Kid = k.String("kid"),
            KeyBase64 = k.String("key_base64"),
            PublicKeyPemFile = k.String("public_key_pem_file"),
        };
        if ((key.KeyBase64 is null) == (key.PublicKeyPemFile is null))
        {
            throw k.Error("key_base64", "needs exactly one of key_base64 (HMAC secret) or public_key_pem_file", key.KeyBase64 is null ? null : "both");
        }
        return key;
    }

    private static SubscriptionsConfig ReadSubscriptions(TomlSection s)
    {
        var keepalive = s.Int("keepalive_ms") ?? 15_000;
        if (keepalive < 0)
        {
            throw s.Error("keepalive_ms", "expected a non-negative integer (0 = off)", keepalive);
        }
        return new SubscriptionsConfig
        {
            MaxSubscriptionsPerConnection = s.PositiveInt("max_subscriptions_per_connection") ?? 100,
            ConnectionInitTimeoutMs = s.PositiveInt("connection_init_timeout_ms") ?? 10_000,
            KeepaliveMs = keepalive,
        };
    }
}
