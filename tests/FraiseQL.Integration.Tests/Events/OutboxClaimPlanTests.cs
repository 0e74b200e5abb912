using FraiseQL.Events;
using FraiseQL.Integration.Tests.Events.Support;
using FraiseQL.Integration.Tests.Infrastructure;
using Npgsql;

namespace FraiseQL.Integration.Tests.Events;

/// <summary>The relay's claim stays an ordered index scan that stops after batch_size rows, even before the outbox has statistics.</summary>
[Collection(ServersCollection.Name)]
public sealed class OutboxClaimPlanTests(ServersFixture servers)
{
    [Fact]
    public async Task Claim_Of_A_Large_Unanalysed_Backlog_Reads_Only_The_Batch_In_Index_Order()
    {
        await using var dataSource = await EventStoreDatabase.CreateAsync(servers.Postgres, "claimplan");
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var fill = new NpgsqlCommand("""
            ALTER TABLE fraiseql.outbox SET (autovacuum_enabled = off);
            INSERT INTO fraiseql.outbox (id, subject, payload, headers)
            SELECT gen_random_uuid(), 'claim.plan', jsonb_build_object('n', g, 'pad', repeat('x', 900)), '{}'::jsonb FROM generate_series(1, 50000) g;
            """, connection))
        {
            await fill.ExecuteNonQueryAsync();
        }

        // the premise: left to its estimates, the planner sorts the whole backlog to return the first 1,000
        Assert.Contains("Sort", await ExplainAsync(connection, hinted: false, OutboxRelay.ClaimSql), StringComparison.Ordinal);

        foreach (var sql in new[] { OutboxRelay.ClaimSql, OutboxRelay.ClaimAfterSql })
        {
            var plan = await ExplainAsync(connection, hinted: true, sql);
            Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("Bitmap", plan, StringComparison.Ordinal);
            Assert.Contains("Index Scan using outbox_unsent_idx", plan, StringComparison.Ordinal);
        }
    }

    private static async Task<string> ExplainAsync(NpgsqlConnection connection, bool hinted, string claimSql)
    {
        await using var tx = await connection.BeginTransactionAsync();
        if (hinted)
        {
            await using var hint = new NpgsqlCommand(OutboxRelay.ClaimPlanSql, connection, tx);
            await hint.ExecuteNonQueryAsync();
        }
        NpgsqlParameter[] parameters = claimSql.Contains("$2", StringComparison.Ordinal)
            ? [new NpgsqlParameter<int> { TypedValue = 1000 }, new NpgsqlParameter<Guid> { TypedValue = Guid.Empty }]
            : [new NpgsqlParameter<int> { TypedValue = 1000 }];
        var plan = await QueryPlans.ExplainAsync(connection, claimSql, parameters, transaction: tx);
        await tx.RollbackAsync();
        return string.Join('\n', plan);
    }
}
