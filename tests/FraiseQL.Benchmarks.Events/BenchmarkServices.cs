using FraiseQL.Events;
using FraiseQL.Execution;
using FraiseQL.Schema;
using FraiseQL.Sql;
using FraiseQL.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace FraiseQL.Benchmarks.Events;

/// <summary>The order (publisher) and notification (consumer) services the benchmark runs, on subjects under a prefix.</summary>
internal static class BenchmarkServices
{
    public static readonly PublishDescriptor Created = new() { Mutation = "createOrder", Subject = "bench.order.created" };

    public static readonly MutationDescriptor CreateOrder = new()
    {
        Name = "createOrder", ReturnType = "Order", FunctionName = "\"fn_create_order\"", Operation = MutationOperation.Insert,
        Sql = "SELECT * FROM \"fn_create_order\"($1, $2)",
        Parameters =
        [
            new SqlParameterDescriptor { Name = "p_user_id", Source = SqlParameterSource.Argument, Path = ["input", "userId"], GraphQLType = "ID!", DbType = NpgsqlDbType.Uuid },
            new SqlParameterDescriptor { Name = "p_item_ids", Source = SqlParameterSource.Argument, Path = ["input", "itemIds"], GraphQLType = "[String!]!", DbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
        ],
        Publishes = [Created],
    };

    public static IGeneratedService Order { get; } = new Service(new SchemaDescriptor { ServiceName = "order-service", Mutations = [CreateOrder], Publishes = [Created] });

    public static IGeneratedService Notification { get; } = new Service(new SchemaDescriptor
    {
        ServiceName = "notification-service",
        Subscribes =
        [
            new SubscribeDescriptor
            {
                Subject = "bench.order.created", Handler = "fn_queue_order_confirmation_email",
                Sql = "SELECT \"fn_queue_order_confirmation_email\"($1::jsonb)", ConsumerSuffix = "bench_order_created",
            },
        ],
    });

    public static async Task<string> CreateDatabaseAsync(PostgresServer postgres, string service)
    {
        var name = await postgres.CreateDatabaseAsync(service.Replace('-', '_'));
        await postgres.ExecuteScriptAsync(name, """
            CREATE TYPE mutation_response AS (status text, message text, entity_id uuid, entity_type text, entity jsonb,
                                              updated_fields text[], cascade jsonb, metadata jsonb);
            """);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "example-services", service, "migrations"), "*.sql").Order(StringComparer.Ordinal))
        {
            await postgres.ExecuteScriptAsync(name, await File.ReadAllTextAsync(file));
        }
        return postgres.ConnectionString(name);
    }

    public static async Task<IHost> StartAsync(IGeneratedService service, string connectionString, string natsUrl, Action<FraiseQLEventsOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        // the data source a service gets from fraiseql.toml's defaults: auto-prepared statements, no session reset on close
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(PostgresConnectionStrings.Build(new FraiseQLPostgresOptions { ConnectionString = connectionString }).ConnectionString));
        builder.Services.AddFraiseQLGeneratedService(service);
        builder.Services.AddFraiseQLEvents(o =>
        {
            o.NatsUrl = natsUrl;
            o.Outbox.PollIntervalMs = 200;
            configure(o);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>fn_create_order + outbox write in one transaction, as the SQL executor does (two round trips).</summary>
    public static async Task<Guid> CreateOrderAsync(NpgsqlDataSource dataSource, IMutationEventSink sink)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        Guid id;
        string entity, metadata;
        await using (var cmd = new NpgsqlCommand("SELECT entity_id, entity::text, metadata::text FROM fn_create_order($1, $2)", conn, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.NewGuid() });
            cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ["SKU-0001", "SKU-0002"] });
            await using var reader = await cmd.ExecuteReaderAsync();
            await reader.ReadAsync();
            id = reader.GetGuid(0);
            entity = reader.GetString(1);
            metadata = reader.GetString(2);
        }
        // as the executor does: the outbox insert and COMMIT in one round trip, then the event goes to the in-process relay
        await sink.WriteAndCommitAsync(conn, tx, [new MutationEvent
        {
            Publish = Created, Mutation = CreateOrder, EntityJson = entity, MetadataJson = metadata, EntityType = "Order", EntityId = id,
            Context = RequestContext.Anonymous("bench"),
        }], CancellationToken.None);
        return id;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FraiseQL.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("FraiseQL.sln not found");
    }

    private sealed class Service(SchemaDescriptor schema) : IGeneratedService
    {
        public SchemaDescriptor Schema { get; } = schema;
        public QueryDescriptor? FindQuery(string graphQLName) => null;
        public MutationDescriptor? FindMutation(string graphQLName) => Schema.Mutations.FirstOrDefault(m => m.Name == graphQLName);
        public SubscriptionDescriptor? FindSubscription(string graphQLName) => null;
        public SubscribeDescriptor? FindHandler(string subject) => Schema.Subscribes.FirstOrDefault(s => s.Subject == subject);
    }
}
