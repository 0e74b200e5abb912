using System.Buffers;
using System.Text;
using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Schema;
using FraiseQL.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using static FraiseQL.Integration.Tests.Sql.Sel;

namespace FraiseQL.Integration.Tests.Sql;

[Collection(ServersCollection.Name)]
public sealed class AddFraiseQLPostgresTests(ServersFixture servers)
{
    [Fact]
    public async Task HostAppliesMigrationsAtStartAndServesQueriesAndReadiness()
    {
        var database = await servers.Postgres.CreateDatabaseAsync("host");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Path.Combine(SqlTestDatabase.RepositoryRoot, "example-services", "order-service"),
            EnvironmentName = "Testing",
        });
        builder.Services.AddFraiseQLGeneratedService(new HandWrittenService(OrderServiceSchema.Schema));
        builder.Services.AddFraiseQLPostgres(options =>
        {
            options.ConnectionString = servers.Postgres.Url(database);
            options.ApplyMigrations = true;
            options.PoolMax = 5;
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var executor = host.Services.GetRequiredService<IRootFieldExecutor>();
            Assert.IsType<PostgresRootFieldExecutor>(executor);
            var buffer = new ArrayBufferWriter<byte>();
            await executor.ExecuteQueryAsync(OrderServiceSchema.OrdersQuery, F("orders", F("id")), RequestContext.Anonymous("c"), buffer, default);
            Assert.Equal("[]", Encoding.UTF8.GetString(buffer.WrittenSpan));

            var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));
            Assert.Equal(HealthStatus.Healthy, report.Status);
            Assert.Contains("postgres", report.Entries.Keys);

            await using var command = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT count(*) FROM fraiseql.schema_migrations");
            Assert.Equal(3L, (long)(await command.ExecuteScalarAsync())!);
        }
        finally
        {
            await host.StopAsync();
            await using var admin = new NpgsqlConnection(servers.Postgres.AdminConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public void CallingTwiceRegistersOnceAndAppliesBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(OrderServiceSchema.Schema);
        services.AddFraiseQLPostgres(o => o.ConnectionString = "Host=127.0.0.1;Database=x");
        services.AddFraiseQLPostgres(o => o.MaxPageSize = 7);
        Assert.Single(services, d => d.ServiceType == typeof(IRootFieldExecutor));
        Assert.Single(services, d => d.ServiceType == typeof(NpgsqlDataSource));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<FraiseQLPostgresOptions>>().Value;
        Assert.Equal(("Host=127.0.0.1;Database=x", 7), (options.ConnectionString, options.MaxPageSize));
        Assert.IsType<NoOpSqlSessionInitializer>(provider.GetRequiredService<ISqlSessionInitializer>());
    }

    [Fact]
    public void MissingConnectionStringIsAClearStartError()
    {
        var e = Assert.Throws<InvalidOperationException>(() => PostgresConnectionStrings.Build(new FraiseQLPostgresOptions()));
        Assert.Contains("[database] url", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LibpqUrlsAreConverted()
    {
        var b = PostgresConnectionStrings.Parse("postgresql://app%40x:p%3Ass@db.example:6432/orders?sslmode=require&application_name=svc");
        Assert.Equal(("db.example", 6432, "orders", "app@x", "p:ss", SslMode.Require, "svc"), (b.Host, b.Port, b.Database, b.Username, b.Password, b.SslMode, b.ApplicationName));
        var defaults = PostgresConnectionStrings.Build(new FraiseQLPostgresOptions { ConnectionString = "postgres://u@h/d", PoolMax = 7 });
        Assert.Equal((5432, 7, 2), (defaults.Port, defaults.MaxPoolSize, defaults.AutoPrepareMinUsages));
    }

    private sealed class HandWrittenService(SchemaDescriptor schema) : IGeneratedService
    {
        public SchemaDescriptor Schema { get; } = schema;
        public QueryDescriptor? FindQuery(string graphQLName) => Schema.Queries.FirstOrDefault(q => q.Name == graphQLName);
        public MutationDescriptor? FindMutation(string graphQLName) => Schema.Mutations.FirstOrDefault(m => m.Name == graphQLName);
        public SubscriptionDescriptor? FindSubscription(string graphQLName) => null;
        public SubscribeDescriptor? FindHandler(string subject) => null;
    }
}
