using FraiseQL.Configuration;
using FraiseQL.Hosting;
using FraiseQL.Runtime.Tests.Support;
using FraiseQL.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FraiseQL.Runtime.Tests;

public sealed class ConfigurationTests
{
    private static readonly Dictionary<string, string?> Env = new()
    {
        ["DATABASE_URL"] = "postgresql://app:s3cret@db.local:5433/orders?sslmode=require",
        ["NATS_URL"] = "nats://127.0.0.1:4222",
        ["EMPTY"] = "",
    };

    private const string SeedToml = """
        [project]
        name = "orders"

        [database]
        url = "${DATABASE_URL}"
        pool_max = "${POOL_MAX:-15}"

        [server]
        request_timeout_ms = 2500

        [validation]
        max_query_depth = 9

        [observers]
        backend = "nats"
        nats_url = "${NATS_URL:-nats://localhost:4222}"

        [observers.consumer]
        max_deliver = 7
        backoff_ms = [100, 1000]

        [observers.credentials]
        token = "${NATS_TOKEN:-}"

        [[observers.publish]]
        mutation = "create_order"
        subject = "fraiseql.order.created"
        subscription_topic = "order_created"

        [[observers.subscribe]]
        subject = "fraiseql.order.created"
        handler = "fn_reserve_inventory"

        [security]
        default_role = "viewer"

        [[security.role_definitions]]
        name = "admin"
        scopes = ["orders:write"]

        [security.enterprise]
        enabled = true
        log_level = "info"
        async_logging = true
        """;

    private static FraiseQLConfig Parse(string toml) => FraiseQLConfigLoader.Parse(toml, "fraiseql.toml", n => Env.GetValueOrDefault(n));

    [Fact]
    public void Observer_defaults_are_the_same_in_fraiseql_toml_and_in_code_first_options()
    {
        // a service configured in code (AddFraiseQLEvents(o => …)) behaves like one whose fraiseql.toml leaves the keys out
        var toml = Parse("""
            [observers]
            enabled = true
            service_name = "orders"
            """).Observers;
        var code = new FraiseQL.Events.FraiseQLEventsOptions();
        Assert.Equal(
            (toml.Outbox.PollIntervalMs, toml.Outbox.BatchSize, toml.Outbox.MaxInFlight, toml.Outbox.InitialBackoffMs, toml.Outbox.MaxBackoffMs, toml.Outbox.RetainSentHours, toml.Outbox.PublishCommittedDirectly),
            (code.Outbox.PollIntervalMs, code.Outbox.BatchSize, code.Outbox.MaxInFlight, code.Outbox.InitialBackoffMs, code.Outbox.MaxBackoffMs, code.Outbox.RetainSentHours, code.Outbox.PublishCommittedDirectly));
        Assert.Equal(
            (toml.Consumer.AckWaitMs, toml.Consumer.MaxDeliver, toml.Consumer.MaxAckPending, toml.Consumer.MaxConcurrentHandlers, toml.Consumer.MaxEventsPerTransaction, toml.Consumer.FetchBatchSize),
            (code.Consumer.AckWaitMs, code.Consumer.MaxDeliver, code.Consumer.MaxAckPending, code.Consumer.MaxConcurrentHandlers, code.Consumer.MaxEventsPerTransaction, code.Consumer.FetchBatchSize));
        Assert.Equal(toml.Consumer.BackoffMs, code.Consumer.BackoffMs);
        // and the config model's own initialisers (used when a section is built in code) match the loader's
        var model = new FraiseQL.Configuration.OutboxConfig();
        Assert.Equal((model.BatchSize, model.MaxBackoffMs, model.PollIntervalMs), (toml.Outbox.BatchSize, toml.Outbox.MaxBackoffMs, toml.Outbox.PollIntervalMs));
    }

    [Fact]
    public void Seed_style_file_is_read_with_interpolation_and_defaults()
    {
        var config = Parse(SeedToml);
        Assert.Equal("postgresql://app:s3cret@db.local:5433/orders?sslmode=require", config.Database.Url);
        Assert.Equal(15, config.Database.PoolMax);
        Assert.Equal(0, config.Database.PoolMin);
        Assert.False(config.Database.ApplyMigrations);
        Assert.False(config.Database.Multiplexing);
        Assert.Equal("7d", config.Observers.Stream.MaxAge);
        Assert.Equal(2500, config.Server.RequestTimeoutMs);
        Assert.Equal(9, config.Validation.MaxQueryDepth);
        Assert.Equal("nats://127.0.0.1:4222", config.Observers.NatsUrl);
        Assert.Equal("orders", config.Observers.ServiceName);
        Assert.Equal(7, config.Observers.Consumer.MaxDeliver);
        Assert.Equal([100, 1000], config.Observers.Consumer.BackoffMs);
        Assert.Null(config.Observers.Credentials.Token); // "${NATS_TOKEN:-}" with NATS_TOKEN unset: no token
        var publish = Assert.Single(config.Observers.Publish);
        Assert.Equal("order_created", publish.SubscriptionTopic);
        Assert.Equal("fn_reserve_inventory", Assert.Single(config.Observers.Subscribe).Handler);
        Assert.Equal("viewer", config.Security.DefaultRole);
        Assert.Equal(["orders:write"], Assert.Single(config.Security.RoleDefinitions).Scopes);
        Assert.True(config.Security.Enterprise.Enabled);
    }

    [Theory]
    [InlineData("[server]\nhost = \"127.0.0.1\"\n", "fraiseql.toml: [server] host: needs [server] port as well (or leave both out and use ASPNETCORE_URLS), got \"127.0.0.1\"")]
    [InlineData("[server]\nhost = \"db.example\"\nport = 8000\n", "fraiseql.toml: [server] host: expected an IP address, \"localhost\" or \"0.0.0.0\", got \"db.example\"")]
    [InlineData("[server.tls]\nenabled = true\nkey_file = \"k.pem\"\n", "fraiseql.toml: [server.tls] cert_file: is required when enabled = true (a PEM certificate file), got nothing")]
    [InlineData("[server.tls]\nenabled = true\ncert_file = \"c.pem\"\n", "fraiseql.toml: [server.tls] key_file: is required when enabled = true (the PEM private key of cert_file), got nothing")]
    [InlineData("[database]\nssl_mode = \"sometimes\"\n", "fraiseql.toml: [database] ssl_mode: expected disable, allow, prefer, require, verify-ca or verify-full, got \"sometimes\"")]
    public void Server_address_tls_and_ssl_mode_mistakes_name_the_key(string toml, string message)
    {
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => Parse(toml));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Ssl_mode_wins_over_the_url()
    {
        var url = PostgresConnectionString.FromUrlOrConnectionString("postgresql://app@db.local/orders?sslmode=disable");
        Assert.Contains("SSL Mode=VerifyFull", PostgresConnectionString.WithSslMode(url, "verify-full"), StringComparison.Ordinal);
    }

    [Fact]
    public void Consumer_and_outbox_tuning_keys_are_read()
    {
        var config = Parse("""
            [observers.consumer]
            max_concurrent_handlers = 1
            max_events_per_transaction = 4
            fetch_batch_size = 20
            [observers.outbox]
            max_in_flight = 64
            initial_backoff_ms = 50
            retain_sent_hours = 0
            publish_committed_directly = false
            """);
        Assert.Equal((1, 4, 20), (config.Observers.Consumer.MaxConcurrentHandlers, config.Observers.Consumer.MaxEventsPerTransaction, config.Observers.Consumer.FetchBatchSize));
        Assert.Equal((64, 50, 0), (config.Observers.Outbox.MaxInFlight, config.Observers.Outbox.InitialBackoffMs, config.Observers.Outbox.RetainSentHours));
        var defaults = Parse("");
        Assert.Equal((8, 32, 100), (defaults.Observers.Consumer.MaxConcurrentHandlers, defaults.Observers.Consumer.MaxEventsPerTransaction, defaults.Observers.Consumer.FetchBatchSize));
        Assert.Equal(24, defaults.Observers.Outbox.RetainSentHours);
        Assert.False(config.Observers.Outbox.PublishCommittedDirectly);
        Assert.True(defaults.Observers.Outbox.PublishCommittedDirectly);
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => Parse("[observers.outbox]\nretain_sent_hours = -1\n"));
        Assert.Equal("fraiseql.toml: [observers.outbox] retain_sent_hours: expected 0 or more hours, got -1", ex.Message);
    }

    [Fact]
    public void Multiplexing_is_read_and_must_be_a_boolean()
    {
        Assert.True(Parse("[database]\nmultiplexing = true\n").Database.Multiplexing);
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => Parse("[database]\nmultiplexing = \"yes\"\n"));
        Assert.Contains("[database] multiplexing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Caching_bounds_are_read_with_defaults_and_checked()
    {
        var defaults = Parse("").Caching;
        Assert.Equal((true, 10_000, 64L * 1024 * 1024), (defaults.Enabled, defaults.MaxEntries, defaults.MaxBytes));
        var set = Parse("[caching]\nenabled = false\nmax_entries = 50\nmax_bytes = \"${CACHE_BYTES:-4096}\"\n").Caching;
        Assert.Equal((false, 50, 4096L), (set.Enabled, set.MaxEntries, set.MaxBytes));
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => Parse("[caching]\nmax_bytes = 0\n"));
        Assert.Contains("max_bytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("fraiseql.toml", ex.Message, StringComparison.Ordinal);
        Assert.Throws<FraiseQLConfigurationException>(() => Parse("[caching]\nmax_entries = -1\n"));
    }

    [Fact]
    public void Caching_notify_channel_defaults_can_be_turned_off_and_is_checked()
    {
        Assert.Equal("fraiseql_cache", Parse("").Caching.NotifyChannel);
        Assert.Equal("orders_cache", Parse("[caching]\nnotify_channel = \"orders_cache\"\n").Caching.NotifyChannel);
        Assert.Equal("", Parse("[caching]\nnotify_channel = \"\"\n").Caching.NotifyChannel);
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => Parse("[caching]\nnotify_channel = \"cache; DROP TABLE x\"\n"));
        Assert.Contains("[caching] notify_channel", ex.Message, StringComparison.Ordinal);
        Assert.Contains("fraiseql.toml", ex.Message, StringComparison.Ordinal);

        Assert.False(Parse("").Caching.NotifyTriggers);
        Assert.True(Parse("[caching]\nnotify_triggers = true\n").Caching.NotifyTriggers);
        var off = Assert.Throws<FraiseQLConfigurationException>(() => Parse("[caching]\nnotify_channel = \"\"\nnotify_triggers = true\n"));
        Assert.Contains("[caching] notify_triggers", off.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unset_variable_without_default_names_variable_key_and_file()
    {
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => Parse("[database]\nurl = \"${MISSING_DB}\"\n"));
        Assert.Equal("fraiseql.toml: [database] url: environment variable MISSING_DB is not set (referenced as ${MISSING_DB}; set it or write ${MISSING_DB:-default}).", ex.Message);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("postgresql://app:s3cret-pw@db.internal:notaport/orders")]
    [InlineData("postgresql://app:s3cret-pw@db.internal/orders?sslmode=sometimes")]
    public void Malformed_database_url_names_key_and_file_without_echoing_it(string url)
    {
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => Parse($"[database]\nurl = \"{url}\"\n"));
        Assert.StartsWith("fraiseql.toml: [database] url: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(url, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Security_sections_are_read_from_the_loaders_parse_with_its_environment()
    {
        var loaded = Parse("[security]\ndefault_role = \"${ROLE_FOR_TEST:-viewer}\"\nscope_claim = \"perms\"\n");
        // Text that no longer parses proves the security reader uses the table the loader parsed, not the text
        var config = new FraiseQLConfig { Source = loaded.Source, Text = "[[[ not toml", Root = loaded.Root, EnvironmentLookup = n => n == "ROLE_FOR_TEST" ? "auditor" : null };
        var services = new ServiceCollection();
        FraiseQL.Hosting.FraiseQLRuntimeComposition.Compose(services, config);
        var options = services.BuildServiceProvider().GetRequiredService<FraiseQL.Runtime.Security.Configuration.FraiseQLSecurityOptions>();
        Assert.Equal("auditor", options.DefaultRole);
        Assert.Equal("perms", options.ScopeClaim);
    }

    [Fact]
    public void Type_error_names_key_and_file()
    {
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => Parse("[database]\npool_max = \"x\"\n"));
        Assert.Equal("fraiseql.toml: [database] pool_max: expected an integer, got \"x\"", ex.Message);
        var nested = Assert.Throws<FraiseQLConfigurationException>(() => Parse("[observers.consumer]\nmax_deliver = true\n"));
        Assert.Equal("fraiseql.toml: [observers.consumer] max_deliver: expected an integer, got true", nested.Message);
        var required = Assert.Throws<FraiseQLConfigurationException>(() => Parse("[[observers.publish]]\nsubject = \"a.b\"\n"));
        Assert.Contains("[[observers.publish]] #1 mutation: required", required.Message);
    }

    [Fact]
    public void Empty_variable_takes_the_default_with_colon_dash()
    {
        var config = Parse("[observers]\nnats_url = \"${EMPTY:-nats://fallback:4222}\"\n");
        Assert.Equal("nats://fallback:4222", config.Observers.NatsUrl);
    }

    [Fact]
    public void Every_fraiseql_toml_in_the_repository_loads()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "FraiseQL.sln")))
        {
            root = root.Parent;
        }
        Assert.NotNull(root);
        var files = Directory.GetFiles(root.FullName, "fraiseql.toml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToArray();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            // DATABASE_URL and NATS_URL set, every other variable unset: the files' ${VAR:-default} defaults apply
            var config = FraiseQLConfigLoader.LoadFile(file, n => Env.GetValueOrDefault(n));
            Assert.Equal("nats", config.Observers.Backend);
        }
    }

    [Fact]
    public void Auth_signing_keys_are_tables_with_exactly_one_key_source()
    {
        var config = Parse("[auth]\nissuer = \"demo\"\n[[auth.signing_keys]]\nkid = \"k1\"\nkey_base64 = \"AAAA\"\n");
        var key = Assert.Single(config.Auth.SigningKeys);
        Assert.Equal("k1", key.Kid);
        Assert.Equal("AAAA", key.KeyBase64);
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => Parse("[[auth.signing_keys]]\nkid = \"k1\"\n"));
        Assert.Contains("[[auth.signing_keys]] #1 key_base64: needs exactly one of key_base64", ex.Message);
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("postgres")]
    public void Unsupported_backend_is_a_clear_error(string backend)
    {
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => Parse($"[observers]\nbackend = \"{backend}\"\n"));
        Assert.Contains("[observers] backend: not supported", ex.Message);
        Assert.Contains(backend, ex.Message);
    }

    [Fact]
    public void Toml_syntax_error_has_line_and_column()
    {
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => Parse("[database]\nurl = \n"));
        Assert.StartsWith("fraiseql.toml(2,", ex.Message);
    }

    [Fact]
    public void For_a_command_that_never_connects_unset_variables_read_as_empty_and_an_unset_url_as_a_placeholder()
    {
        const string toml = "[project]\nname = \"${NOT_SET}\"\nversion = \"${NOT_SET:-1.0}\"\n[database]\nurl = \"${DATABASE_URL}\"\n";
        Assert.Throws<FraiseQLConfigurationException>(() => FraiseQLConfigLoader.Parse(toml, "fraiseql.toml", _ => null));

        var offline = FraiseQLConfigLoader.Parse(toml, "fraiseql.toml", _ => null, offline: true);

        Assert.Equal("", offline.Project.Name);
        Assert.Equal("1.0", offline.Project.Version);
        Assert.Equal(FraiseQLConfigLoader.OfflineDatabaseUrl, offline.Database.Url);
        Assert.Equal("postgresql://db/orders",
            FraiseQLConfigLoader.Parse(toml, "fraiseql.toml", n => n == "DATABASE_URL" ? "postgresql://db/orders" : null, offline: true).Database.Url);
    }

    [Fact]
    public void Startup_wait_defaults_to_a_minute_may_be_zero_and_is_never_negative()
    {
        Assert.Equal(60_000, Parse("[database]\n").Database.StartupWaitMs);
        Assert.Equal(0, Parse("[database]\nstartup_wait_ms = 0\n").Database.StartupWaitMs);
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => Parse("[database]\nstartup_wait_ms = -1\n"));
        Assert.Equal("fraiseql.toml: [database] startup_wait_ms: expected a non-negative integer (0: do not wait), got -1", ex.Message);
    }

    [Fact]
    public void Toml_syntax_error_points_at_the_offending_token_with_tomlyns_own_words_only()
    {
        // Tomlyn reports this one wrapped in a conversion error at the start of the line, "(2,1) : error : Exception
        // while trying to convert TOML value to type 'Tomlyn.Model.TomlTable' using converter …. Reason: (2,12) : …"
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => Parse("[database]\npool_max = ${POOL_MAX}\n"));
        Assert.Equal("fraiseql.toml(2,12): invalid TOML: Unexpected token `$` while parsing a value.", ex.Message);
    }

    [Fact]
    public void Libpq_url_and_connection_string_both_become_npgsql_connection_strings()
    {
        var fromUrl = PostgresConnectionString.FromUrlOrConnectionString("postgresql://app:p%40ss@db.local:5433/orders?sslmode=require&application_name=svc");
        Assert.Contains("Host=db.local", fromUrl);
        Assert.Contains("Port=5433", fromUrl);
        Assert.Contains("Username=app", fromUrl);
        Assert.Contains("Password=p@ss", fromUrl);
        Assert.Contains("Database=orders", fromUrl);
        Assert.Contains("SSL Mode=Require", fromUrl);
        Assert.Contains("Application Name=svc", fromUrl);
        var plain = PostgresConnectionString.FromUrlOrConnectionString("Host=localhost;Username=u;Database=d");
        Assert.Contains("Host=localhost", plain);
        Assert.Throws<FormatException>(() => PostgresConnectionString.FromUrlOrConnectionString("postgresql://h/db?sslmode=bogus"));
    }

    [Fact]
    public async Task Bad_config_file_stops_start_up_naming_key_and_file()
    {
        var dir = Directory.CreateTempSubdirectory("fraiseql-config-");
        try
        {
            var path = Path.Combine(dir.FullName, "fraiseql.toml");
            await File.WriteAllTextAsync(path, "[database]\npool_max = \"lots\"\n");
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = dir.FullName });
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            builder.Services.AddFraiseQLGeneratedService(new TestSchema.GeneratedService(TestSchema.Build()));
            // fraiseql.toml is read while services are registered (it decides which subsystems exist),
            // so the error surfaces from AddFraiseQL, before the app is built
            var ex = Assert.Throws<FraiseQLConfigurationException>(() => builder.Services.AddFraiseQL(builder.Configuration));
            Assert.Equal($"{path}: [database] pool_max: expected an integer, got \"lots\"", ex.Message);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public async Task Config_file_settings_reach_the_options_and_snapshot_is_the_fallback()
    {
        var dir = Directory.CreateTempSubdirectory("fraiseql-config-");
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = dir.FullName });
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            builder.Services.AddFraiseQLGeneratedService(new TestSchema.GeneratedService(TestSchema.Build("[database]\nurl = \"postgres://u@127.0.0.1:1/db\"\n[validation]\nmax_query_depth = 4\n[server]\nrequest_timeout_ms = 1234\n")));
            builder.Services.AddFraiseQL(builder.Configuration);
            await using var app = builder.Build();
            app.MapFraiseQL();
            var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<FraiseQLOptions>>().Value;
            Assert.Equal(4, options.Limits.MaxDepth);
            Assert.Equal(TimeSpan.FromMilliseconds(1234), options.Limits.RequestTimeout);
            Assert.Contains("embedded", app.Services.GetRequiredService<FraiseQLConfig>().Source);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public async Task Missing_generated_registration_is_a_clear_start_up_error()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddFraiseQL(builder.Configuration);
        await using var app = builder.Build();
        var ex = Assert.Throws<InvalidOperationException>(() => app.MapFraiseQL());
        Assert.Contains("AddFraiseQLGenerated()", ex.Message);
    }
}
