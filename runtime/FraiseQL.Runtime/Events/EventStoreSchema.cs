using Npgsql;

namespace FraiseQL.Events;

/// <summary>DDL of the <c>fraiseql</c> schema's outbox, inbox and dead_letter tables; idempotent, run under an advisory lock.</summary>
public static class EventStoreSchema
{
    /// <summary>Advisory lock key serialising concurrent start-ups of several instances.</summary>
    public const long AdvisoryLockKey = 0x46_52_51_4C_45_56; // "FRQLEV"

    public const string Ddl = """
        CREATE SCHEMA IF NOT EXISTS fraiseql;
        CREATE TABLE IF NOT EXISTS fraiseql.outbox (
            id          uuid PRIMARY KEY,
            subject     text NOT NULL,
            payload     jsonb NOT NULL,
            headers     jsonb NOT NULL DEFAULT '{}'::jsonb,
            created_at  timestamptz NOT NULL DEFAULT now(),
            sent_at     timestamptz NULL,
            attempts    int NOT NULL DEFAULT 0,
            last_error  text NULL
        );
        CREATE INDEX IF NOT EXISTS outbox_unsent_idx ON fraiseql.outbox (id) WHERE sent_at IS NULL;
        CREATE TABLE IF NOT EXISTS fraiseql.inbox (
            consumer     text NOT NULL,
            event_id     uuid NOT NULL,
            processed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (consumer, event_id)
        );
        CREATE TABLE IF NOT EXISTS fraiseql.dead_letter (
            id          uuid PRIMARY KEY,
            consumer    text NOT NULL,
            subject     text NOT NULL,
            event_id    uuid NULL,
            payload     jsonb NULL,
            payload_text text NULL,
            headers     jsonb NOT NULL DEFAULT '{}'::jsonb,
            error       text NOT NULL,
            attempts    int NOT NULL,
            failed_at   timestamptz NOT NULL DEFAULT now(),
            replayed_at timestamptz NULL
        );
        CREATE INDEX IF NOT EXISTS dead_letter_pending_idx ON fraiseql.dead_letter (failed_at) WHERE replayed_at IS NULL;
        """;

    /// <summary>
    /// Every object <see cref="Ddl"/> creates. When all exist the DDL is skipped: <c>CREATE INDEX IF NOT EXISTS</c> takes a
    /// share lock on its table before it finds the index, so an instance starting next to a running one would wait for
    /// every open transaction that has written to the outbox (a mutation in flight). The DDL only ever creates what is
    /// missing, so skipping it when nothing is missing changes nothing; a later change to the tables needs a version.
    /// </summary>
    private const string AllPresentSql = """
        SELECT to_regclass('fraiseql.outbox') IS NOT NULL AND to_regclass('fraiseql.outbox_unsent_idx') IS NOT NULL
           AND to_regclass('fraiseql.inbox') IS NOT NULL AND to_regclass('fraiseql.dead_letter') IS NOT NULL
           AND to_regclass('fraiseql.dead_letter_pending_idx') IS NOT NULL
        """;

    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var present = new NpgsqlCommand(AllPresentSql, connection))
        {
            if (await present.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return;
            }
        }
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, tx))
        {
            lockCmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AdvisoryLockKey });
            await lockCmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var ddl = new NpgsqlCommand(Ddl, connection, tx))
        {
            await ddl.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
