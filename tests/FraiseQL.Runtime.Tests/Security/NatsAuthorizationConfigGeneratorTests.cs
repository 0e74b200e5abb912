using FraiseQL.Runtime.Security.Configuration;
using FraiseQL.Runtime.Security.Nats;
using NATS.NKeys;

namespace FraiseQL.Runtime.Tests.Security;

public sealed class NatsAuthorizationConfigGeneratorTests
{
    private const string OrderToml = """
        [project]
        name = "order-service"
        [observers]
        backend = "nats"
        [observers.credentials]
        user = "order-service"
        password = "${ORDER_NATS_PASSWORD}"
        [[observers.publish]]
        mutation = "create_order"
        subject = "fraiseql.order.created"
        [[observers.publish]]
        mutation = "update_order_status"
        subject = "fraiseql.order.status_changed"
        subscription_topic = "order_status_changed"
        [[observers.request]]
        query = "stock_level"
        subject = "fraiseql.inventory.stock_level"
        """;

    private const string InventoryToml = """
        [project]
        name = "inventory-service"
        [[observers.subscribe]]
        subject = "fraiseql.order.created"
        handler = "fn_reserve_inventory"
        [[observers.respond]]
        subject = "fraiseql.inventory.stock_level"
        handler = "fn_stock_level"
        """;

    private static NatsServiceProfile Profile(string toml) => NatsServiceProfileReader.FromToml(toml, "fraiseql.toml", environment: null);

    [Fact]
    public void Publisher_may_publish_its_subjects_manage_its_stream_and_send_its_requests_only()
    {
        var permissions = NatsUserPermissions.For(Profile(OrderToml));
        Assert.Equal(
            ["_FRAISEQL_CACHE_order_service", "$JS.API.INFO", "$JS.API.STREAM.NAMES", "fraiseql.order.created", "$JS.API.STREAM.INFO.FRAISEQL_ORDER", "$JS.API.STREAM.CREATE.FRAISEQL_ORDER",
             "$JS.API.STREAM.UPDATE.FRAISEQL_ORDER", "fraiseql.order.status_changed", "fraiseql.inventory.stock_level"],
            permissions.PublishAllow);
        Assert.Equal(["_INBOX_order_service.>", "_FRAISEQL_CACHE_order_service", "fraiseql.order.status_changed"], permissions.SubscribeAllow);
        Assert.False(permissions.AllowResponses);
    }

    [Fact]
    public void Subscriber_may_use_only_its_own_consumer_dead_letters_and_respond_subjects()
    {
        var permissions = NatsUserPermissions.For(Profile(InventoryToml));
        const string consumer = "inventory-service-fraiseql_order_created";
        Assert.Contains($"$JS.API.CONSUMER.CREATE.FRAISEQL_ORDER.{consumer}.>", permissions.PublishAllow);
        Assert.Contains($"$JS.API.CONSUMER.DURABLE.CREATE.FRAISEQL_ORDER.{consumer}", permissions.PublishAllow);
        Assert.Contains($"$JS.API.CONSUMER.MSG.NEXT.FRAISEQL_ORDER.{consumer}", permissions.PublishAllow);
        Assert.Contains($"$JS.ACK.FRAISEQL_ORDER.{consumer}.>", permissions.PublishAllow);
        Assert.Contains("fraiseql.dlq.inventory-service.>", permissions.PublishAllow);
        Assert.DoesNotContain("fraiseql.order.created", permissions.PublishAllow);
        Assert.DoesNotContain("$JS.API.STREAM.UPDATE.FRAISEQL_ORDER", permissions.PublishAllow);
        Assert.DoesNotContain(permissions.PublishAllow, s => s.Contains('*', StringComparison.Ordinal) || s == ">" || s.StartsWith("$JS.API.CONSUMER.DELETE", StringComparison.Ordinal));
        Assert.Equal(["_INBOX_inventory_service.>", "_FRAISEQL_CACHE_inventory_service", "fraiseql.inventory.stock_level"], permissions.SubscribeAllow);
        Assert.True(permissions.AllowResponses);
    }

    [Fact]
    public void Custom_stream_name_of_the_publisher_is_used_for_subscribers_consumers()
    {
        var order = Profile(OrderToml.Replace("[observers]\nbackend = \"nats\"", "[observers]\nbackend = \"nats\"\n[observers.stream]\nname = \"ORDERS\"", StringComparison.Ordinal));
        Assert.Equal("ORDERS", order.StreamName);
        var config = NatsAuthorizationConfigGenerator.Generate([order, Profile(InventoryToml)]);
        Assert.Contains("\"$JS.API.STREAM.CREATE.ORDERS\"", config, StringComparison.Ordinal);
        Assert.Contains("\"$JS.API.CONSUMER.MSG.NEXT.ORDERS.inventory-service-fraiseql_order_created\"", config, StringComparison.Ordinal);
        Assert.DoesNotContain("FRAISEQL_ORDER.", config, StringComparison.Ordinal);
    }

    [Fact]
    public void Service_name_and_dead_letter_prefix_come_from_observers()
    {
        var profile = Profile(InventoryToml + "\n[observers]\nservice_name = \"stock\"\n[observers.dead_letter]\nsubject_prefix = \"dead\"\n[observers.credentials]\nuser = \"stock\"\npassword = \"p\"\ntls_ca_file = \"/etc/ca.pem\"\ntls_required = true\n");
        Assert.Equal("stock", profile.ServiceName);
        Assert.Contains("dead.stock.>", NatsUserPermissions.For(profile).PublishAllow);
        Assert.Equal("/etc/ca.pem", profile.Credentials.TlsCaFile);
        Assert.True(profile.Credentials.TlsRequired);
    }

    [Fact]
    public void Config_block_uses_env_placeholders_for_passwords()
    {
        var config = NatsAuthorizationConfigGenerator.Generate([Profile(OrderToml), Profile(InventoryToml)]);
        Assert.Contains("authorization {", config, StringComparison.Ordinal);
        Assert.Contains("user: \"order-service\"\n      password: $ORDER_NATS_PASSWORD\n", config, StringComparison.Ordinal);
        Assert.Contains("user: \"inventory-service\"\n      password: $FRAISEQL_NATS_PASSWORD_INVENTORY_SERVICE\n", config, StringComparison.Ordinal);
        Assert.Contains("allow_responses: true", config, StringComparison.Ordinal);
        var explicitPasswords = NatsAuthorizationConfigGenerator.Generate([Profile(OrderToml)], _ => "s3cr\"t");
        Assert.Contains("password: \"s3cr\\\"t\"", explicitPasswords, StringComparison.Ordinal);
    }

    [Fact]
    public void Nkey_services_are_listed_by_public_key()
    {
        using var pair = KeyPair.CreatePair(PrefixByte.User);
        var seedFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(seedFile, pair.GetSeed() + "\n");
            var toml = $"[project]\nname = \"svc\"\n[observers.credentials]\nnkey_seed_file = \"{seedFile}\"\n";
            var config = NatsAuthorizationConfigGenerator.Generate([Profile(toml)]);
            Assert.Contains($"nkey: \"{pair.GetPublicKey()}\"", config, StringComparison.Ordinal);
            Assert.DoesNotContain(pair.GetSeed(), config, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(seedFile);
        }
    }

    [Fact]
    public void Unusable_inputs_are_clear_errors()
    {
        var token = "[project]\nname = \"svc\"\n[observers.credentials]\ntoken = \"t\"\n";
        Assert.Contains("token", Assert.Throws<SecurityConfigurationException>(() => NatsAuthorizationConfigGenerator.Generate([Profile(token)])).Message, StringComparison.Ordinal);
        Assert.Contains("same [project] name", Assert.Throws<SecurityConfigurationException>(() => NatsAuthorizationConfigGenerator.Generate([Profile(OrderToml), Profile(OrderToml)])).Message, StringComparison.Ordinal);
        Assert.Contains("[project] name", Assert.Throws<SecurityConfigurationException>(() => Profile("[observers]\n")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => NatsSubjects.StreamFor("orders.created"));
    }

    [Fact]
    public async Task Command_prints_the_block_and_lists_one_service()
    {
        var dir = Directory.CreateTempSubdirectory("fraiseql-nats-auth-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "order"));
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "order", "fraiseql.toml"), OrderToml);
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "inventory.toml"), InventoryToml);
            var output = new StringWriter();
            var error = new StringWriter();
            Assert.Equal(0, await NatsAuthorizationCommand.RunAsync([Path.Combine(dir.FullName, "order"), Path.Combine(dir.FullName, "inventory.toml")], output, error));
            Assert.Contains("user: \"inventory-service\"", output.ToString(), StringComparison.Ordinal);

            output = new StringWriter();
            Assert.Equal(0, await NatsAuthorizationCommand.RunAsync(["--list", "order-service", Path.Combine(dir.FullName, "order")], output, error));
            Assert.Contains("  fraiseql.order.created", output.ToString(), StringComparison.Ordinal);

            Assert.Equal(2, await NatsAuthorizationCommand.RunAsync([], output, error));
            Assert.Equal(1, await NatsAuthorizationCommand.RunAsync([Path.Combine(dir.FullName, "missing.toml")], output, error));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
