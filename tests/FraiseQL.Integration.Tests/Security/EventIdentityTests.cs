using FraiseQL.Events;
using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Runtime.Security.Configuration;
using FraiseQL.Runtime.Security.EventIdentity;
using FraiseQL.Runtime.Security.Session;
using FraiseQL.Schema;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Npgsql;

namespace FraiseQL.Integration.Tests.Security;

/// <summary>
/// Identity travels with an event through real nats-server JetStream into a real PostgreSQL handler: the handler reads
/// <c>p_context</c> and runs with the event's tenant set, so RLS applies to the sender's tenant.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class EventIdentityTests(ServersFixture servers) : IAsyncLifetime
{
    private readonly string _role = "evt_" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _stream = "FRAISEQL_EVTID" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
    private string _database = "";
    private NpgsqlDataSource? _dataSource;

    private static readonly FraiseQLSecurityOptions Options = SecurityOptionsReader.FromToml("""
        [security]
        tenant_claim = "org"
        [security.rls]
        enabled = true
        [security.rls.session_variables]
        "app.tenant_id" = "org"
        """, _ => null);

    public async Task InitializeAsync()
    {
        _database = await servers.Postgres.CreateDatabaseAsync("evtid");
        await servers.Postgres.ExecuteScriptAsync(_database, $"""
            CREATE ROLE {_role} LOGIN;
            CREATE TABLE tb_reservation (id bigserial PRIMARY KEY, tenant_id text NOT NULL, order_id text NOT NULL, reserved_by text, correlation_id text);
            ALTER TABLE tb_reservation ENABLE ROW LEVEL SECURITY;
            CREATE POLICY tenant_rows ON tb_reservation
                USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), ''))
                WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), ''));
            GRANT SELECT, INSERT ON tb_reservation TO {_role};
            GRANT USAGE ON SEQUENCE tb_reservation_id_seq TO {_role};
            CREATE FUNCTION fn_reserve_with_context(p_event jsonb, p_context jsonb) RETURNS void LANGUAGE sql AS $$
                INSERT INTO tb_reservation (tenant_id, order_id, reserved_by, correlation_id)
                VALUES (current_setting('app.tenant_id'), p_event->>'id', p_context->>'principal', p_context->>'correlation_id');
            $$;
            CREATE FUNCTION fn_reserve_plain(p_event jsonb) RETURNS void LANGUAGE sql AS $$
                INSERT INTO tb_reservation (tenant_id, order_id) VALUES (current_setting('app.tenant_id'), p_event->>'id');
            $$;
            CREATE FUNCTION fn_reserve_for_other_tenant(p_event jsonb, p_context jsonb) RETURNS void LANGUAGE sql AS $$
                INSERT INTO tb_reservation (tenant_id, order_id) VALUES ('someone-else', p_event->>'id');
            $$;
            GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {_role};
            """);
        await servers.Postgres.ExecuteScriptAsync(_database, EventStoreSchema.Ddl + $"""

            GRANT USAGE ON SCHEMA fraiseql TO {_role};
            GRANT SELECT, INSERT ON fraiseql.inbox TO {_role};
            """);
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(servers.Postgres.ConnectionString(_database)) { Username = _role }.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
        await using (var nats = new NatsConnection(new NatsOpts { Url = servers.Nats.Url }))
        {
            try { await new NatsJSContext(nats).DeleteStreamAsync(_stream); } catch (NatsJSApiException) { }
        }
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(servers.Postgres.AdminConnectionString);
        await admin.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin))
        {
            await drop.ExecuteNonQueryAsync();
        }
        await using var dropRole = new NpgsqlCommand($"DROP ROLE IF EXISTS {_role}", admin);
        await dropRole.ExecuteNonQueryAsync();
    }

    private async Task<INatsJSMsg<string>> PublishAndReceiveAsync(string subject, RequestContext sender, string payload)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = servers.Nats.Url });
        var js = new NatsJSContext(nats);
        await js.CreateOrUpdateStreamAsync(new StreamConfig(_stream, [subject]));
        var headers = new NatsHeaders { ["Nats-Msg-Id"] = Guid.NewGuid().ToString() };
        IdentityHeaders.Write(sender, headers);
        (await js.PublishAsync(subject, payload, headers: headers)).EnsureSuccess();
        var consumer = await js.CreateOrUpdateConsumerAsync(_stream, new ConsumerConfig("c" + Guid.NewGuid().ToString("N")[..8]) { FilterSubject = subject, AckPolicy = ConsumerConfigAckPolicy.Explicit });
        await foreach (var msg in consumer.FetchAsync<string>(new NatsJSFetchOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(5) }))
        {
            await msg.AckAsync();
            return msg;
        }
        throw new Xunit.Sdk.XunitException("the published event was not delivered");
    }

    private static RequestContext Sender(string tenant) => new()
    {
        CorrelationId = "corr-" + tenant,
        Principal = "alice",
        Roles = ["staff"],
        TenantId = tenant,
        AuditTags = new Dictionary<string, string> { ["ticket"] = "OPS-3" },
    };

    private async Task HandleAsync(INatsJSMsg<string> msg, string handler)
    {
        await using var connection = await _dataSource!.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var identity = new EventHandlerIdentity(new PostgresSessionInitializer(Options));
        var context = await identity.ApplyAsync(connection, transaction, msg.Headers, msg.Subject, "evt-1", CancellationToken.None);
        var withContext = await EventHandlerIdentity.HandlerTakesContextAsync(connection, handler, CancellationToken.None);
        await using var call = new NpgsqlCommand(EventHandlerIdentity.CallSql($"\"{handler}\"", withContext), connection, transaction);
        call.Parameters.Add(new NpgsqlParameter<string> { TypedValue = msg.Data!, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
        if (withContext)
        {
            call.Parameters.Add(new NpgsqlParameter<string> { TypedValue = context, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb });
        }
        await call.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    private async Task<List<(string Tenant, string Order, string? By, string? Correlation)>> RowsVisibleToAsync(string tenant)
    {
        await using var connection = await _dataSource!.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await new PostgresSessionInitializer(Options).InitializeAsync(connection, transaction, Sender(tenant), CancellationToken.None);
        await using var command = new NpgsqlCommand("SELECT tenant_id, order_id, reserved_by, correlation_id FROM tb_reservation ORDER BY id", connection, transaction);
        var rows = new List<(string, string, string?, string?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        return rows;
    }

    [Fact]
    public async Task Handler_with_p_context_sees_the_sender_and_runs_in_the_sender_tenant()
    {
        var msg = await PublishAndReceiveAsync("fraiseql.evtid.created", Sender("acme"), "{\"id\":\"o-1\"}");
        Assert.Equal("acme", msg.Headers!["FraiseQL-Tenant"].ToString());
        await HandleAsync(msg, "fn_reserve_with_context");

        Assert.Equal([("acme", "o-1", "alice", "corr-acme")], await RowsVisibleToAsync("acme"));
        Assert.Empty(await RowsVisibleToAsync("globex")); // another tenant cannot read it
    }

    [Fact]
    public async Task Handler_without_second_parameter_gets_only_the_payload_but_still_the_tenant()
    {
        var msg = await PublishAndReceiveAsync("fraiseql.evtid.plain", Sender("globex"), "{\"id\":\"o-2\"}");
        await HandleAsync(msg, "fn_reserve_plain");
        Assert.Equal([("globex", "o-2", null, null)], await RowsVisibleToAsync("globex"));
    }

    private static SubscribeDescriptor Handler(string subject, string handler) => new()
    {
        Subject = subject, Handler = handler, Sql = "", ConsumerSuffix = handler,
    };

    [Fact]
    public async Task Events_consumer_invoker_applies_the_sender_identity_and_passes_p_context_once_per_event()
    {
        var invoker = new EventHandlerInvoker(_dataSource!, new EventHandlerIdentity(new PostgresSessionInitializer(Options)));
        var withContext = await PublishAndReceiveAsync("fraiseql.evtid.invoker", Sender("acme"), "{\"id\":\"o-4\"}");
        var eventId = Guid.NewGuid();
        var handler = Handler(withContext.Subject, "fn_reserve_with_context");
        Assert.True(await invoker.InvokeAsync(handler, "svc", eventId, withContext.Data!, withContext.Headers, withContext.Subject, CancellationToken.None));
        Assert.False(await invoker.InvokeAsync(handler, "svc", eventId, withContext.Data!, withContext.Headers, withContext.Subject, CancellationToken.None));
        Assert.Equal([("acme", "o-4", "alice", "corr-acme")], await RowsVisibleToAsync("acme"));

        var plain = await PublishAndReceiveAsync("fraiseql.evtid.invoker-plain", Sender("globex"), "{\"id\":\"o-5\"}");
        Assert.True(await invoker.InvokeAsync(Handler(plain.Subject, "fn_reserve_plain"), "svc", Guid.NewGuid(), plain.Data!, plain.Headers, plain.Subject, CancellationToken.None));
        Assert.Equal([("globex", "o-5", null, null)], await RowsVisibleToAsync("globex"));
    }

    [Fact]
    public async Task Several_events_in_one_transaction_keep_their_own_identity_inbox_rows_and_all_or_nothing()
    {
        var invoker = new EventHandlerInvoker(_dataSource!, new EventHandlerIdentity(new PostgresSessionInitializer(Options)));
        var acme = await PublishAndReceiveAsync("fraiseql.evtid.group-a", Sender("acme"), "{\"id\":\"o-7\"}");
        var globex = await PublishAndReceiveAsync("fraiseql.evtid.group-b", Sender("globex"), "{\"id\":\"o-8\"}");
        var handler = Handler(acme.Subject, "fn_reserve_with_context");
        var acmeEvent = new EventToApply(Guid.NewGuid(), acme.Data!, acme.Headers, acme.Subject);
        var globexEvent = new EventToApply(Guid.NewGuid(), globex.Data!, globex.Headers, globex.Subject);

        // the same event twice in one group: the second finds the first's inbox row and is skipped
        var first = await invoker.InvokeBatchAsync(handler, "svc", [acmeEvent, globexEvent, acmeEvent], CancellationToken.None);
        Assert.Equal(new[] { true, true, false }, first);
        Assert.Equal([("acme", "o-7", "alice", "corr-acme")], await RowsVisibleToAsync("acme"));
        Assert.Equal([("globex", "o-8", "alice", "corr-globex")], await RowsVisibleToAsync("globex"));
        var again = await invoker.InvokeBatchAsync(handler, "svc", [globexEvent, acmeEvent], CancellationToken.None);
        Assert.Equal(new[] { false, false }, again);

        // one event without identity fails RLS: the whole group rolls back, the valid event included
        var valid = new EventToApply(Guid.NewGuid(), "{\"id\":\"o-9\"}", acme.Headers, acme.Subject);
        var anonymous = new EventToApply(Guid.NewGuid(), "{\"id\":\"o-10\"}", null, acme.Subject);
        await Assert.ThrowsAsync<PostgresException>(async () => await invoker.InvokeBatchAsync(handler, "svc", [valid, anonymous], CancellationToken.None));
        Assert.Equal([("acme", "o-7", "alice", "corr-acme")], await RowsVisibleToAsync("acme"));
        await using var admin = new NpgsqlConnection(servers.Postgres.ConnectionString(_database));
        await admin.OpenAsync();
        await using var inbox = new NpgsqlCommand("SELECT count(*) FROM fraiseql.inbox", admin);
        Assert.Equal(2L, (long)(await inbox.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Events_consumer_invoker_without_identity_headers_cannot_write_tenant_rows()
    {
        var invoker = new EventHandlerInvoker(_dataSource!, new EventHandlerIdentity(new PostgresSessionInitializer(Options)));
        var handler = Handler("fraiseql.evtid.anon", "fn_reserve_plain");
        // no tenant header: app.tenant_id is unset, so the RLS check rejects the row and the inbox insert rolls back
        await Assert.ThrowsAsync<PostgresException>(async () =>
            await invoker.InvokeAsync(handler, "svc", Guid.NewGuid(), "{\"id\":\"o-6\"}", headers: null, handler.Subject, CancellationToken.None));
        await using var admin = new NpgsqlConnection(servers.Postgres.ConnectionString(_database));
        await admin.OpenAsync();
        await using var inbox = new NpgsqlCommand("SELECT count(*) FROM fraiseql.inbox", admin);
        Assert.Equal(0L, (long)(await inbox.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Handler_cannot_write_into_another_tenant()
    {
        var msg = await PublishAndReceiveAsync("fraiseql.evtid.cross", Sender("acme"), "{\"id\":\"o-3\"}");
        var ex = await Assert.ThrowsAsync<PostgresException>(() => HandleAsync(msg, "fn_reserve_for_other_tenant"));
        Assert.Equal("42501", ex.SqlState); // new row violates row-level security policy
    }
}
