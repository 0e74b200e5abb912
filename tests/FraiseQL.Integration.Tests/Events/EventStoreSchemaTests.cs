using FraiseQL.Events;
using FraiseQL.Integration.Tests.Events.Support;
using FraiseQL.Integration.Tests.Infrastructure;
using Npgsql;

namespace FraiseQL.Integration.Tests.Events;

/// <summary>Start-up's event-table DDL next to a running instance.</summary>
[Collection(ServersCollection.Name)]
public sealed class EventStoreSchemaTests(ServersFixture servers)
{
    [Fact]
    public async Task An_Instance_Starts_While_Another_Has_A_Mutation_In_Flight()
    {
        await using var dataSource = await EventStoreDatabase.CreateAsync(servers.Postgres, "storeschema");

        // a running instance's mutation: its outbox row is written, its COMMIT has not happened yet
        await using var running = await dataSource.OpenConnectionAsync();
        await using var inFlight = await running.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("INSERT INTO fraiseql.outbox (id, subject, payload) VALUES (gen_random_uuid(), 'x.y', '{}')", running, inFlight))
        {
            await insert.ExecuteNonQueryAsync();
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await EventStoreSchema.EnsureAsync(dataSource, patience.Token); // would wait for the COMMIT if it ran CREATE INDEX again
        await inFlight.RollbackAsync();
    }

    [Fact]
    public async Task A_Missing_Object_Is_Created_Again()
    {
        await using var dataSource = await EventStoreDatabase.CreateAsync(servers.Postgres, "storeschema");
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var drop = new NpgsqlCommand("DROP INDEX fraiseql.outbox_unsent_idx", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await EventStoreSchema.EnsureAsync(dataSource, CancellationToken.None);

        await using var check = new NpgsqlCommand("SELECT to_regclass('fraiseql.outbox_unsent_idx') IS NOT NULL", connection);
        Assert.True((bool)(await check.ExecuteScalarAsync())!);
    }
}
