using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Runtime.Security.Configuration;
using FraiseQL.Runtime.Security.Session;
using Npgsql;

namespace FraiseQL.Integration.Tests.Security;

/// <summary>
/// Real PostgreSQL: a tenant-isolating RLS policy reads <c>current_setting('app.tenant_id')</c> set by
/// <see cref="PostgresSessionInitializer"/> through a <c>security_invoker</c> view, as a non-superuser role.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RowLevelSecurityTests(ServersFixture servers) : IAsyncLifetime
{
    private readonly string _role = "app_" + Guid.NewGuid().ToString("N")[..8];
    private string _database = "";
    private NpgsqlDataSource? _dataSource;

    private static readonly FraiseQLSecurityOptions Options = SecurityOptionsReader.FromToml("""
        [security.rls]
        enabled = true
        [security.rls.session_variables]
        "app.tenant_id" = "tenant_id"
        "app.user_id" = "sub"
        """, _ => null);

    public async Task InitializeAsync()
    {
        _database = await servers.Postgres.CreateDatabaseAsync("rls");
        await servers.Postgres.ExecuteScriptAsync(_database, $"""
            CREATE ROLE {_role} LOGIN;
            CREATE TABLE tb_order (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id text NOT NULL, owner text NOT NULL, total numeric NOT NULL);
            ALTER TABLE tb_order ENABLE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON tb_order
                USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), ''));
            CREATE VIEW v_order WITH (security_invoker = true) AS
                SELECT id, jsonb_build_object('id', id, 'tenant_id', tenant_id, 'owner', owner, 'total', total) AS data FROM tb_order;
            GRANT SELECT ON tb_order, v_order TO {_role};
            INSERT INTO tb_order (tenant_id, owner, total) VALUES ('acme', 'alice', 10), ('acme', 'alice', 20), ('globex', 'gina', 99);
            """);
        var builder = new NpgsqlConnectionStringBuilder(servers.Postgres.ConnectionString(_database)) { Username = _role };
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(servers.Postgres.AdminConnectionString);
        await admin.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin))
        {
            await drop.ExecuteNonQueryAsync();
        }
        await using (var dropRole = new NpgsqlCommand($"DROP ROLE IF EXISTS {_role}", admin))
        {
            await dropRole.ExecuteNonQueryAsync();
        }
    }

    private static RequestContext Caller(string? tenant, string principal = "alice") => new()
    {
        CorrelationId = "corr-rls",
        Principal = principal,
        Roles = ["viewer", "staff"],
        TenantId = tenant,
        Claims = tenant is null
            ? new Dictionary<string, string> { ["sub"] = principal }
            : new Dictionary<string, string> { ["sub"] = principal, ["tenant_id"] = tenant },
    };

    private async Task<List<string>> ReadTenantsAsync(RequestContext context)
    {
        await using var connection = await _dataSource!.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await new PostgresSessionInitializer(Options).InitializeAsync(connection, transaction, context, CancellationToken.None);
        await using var command = new NpgsqlCommand("SELECT data->>'tenant_id' FROM v_order ORDER BY data->>'total'", connection, transaction);
        var tenants = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tenants.Add(reader.GetString(0));
            }
        }
        await transaction.CommitAsync();
        return tenants;
    }

    [Fact]
    public async Task Tenant_reads_only_its_own_rows()
    {
        Assert.Equal(["acme", "acme"], await ReadTenantsAsync(Caller("acme")));
        Assert.Equal(["globex"], await ReadTenantsAsync(Caller("globex", "gina")));
    }

    [Fact]
    public async Task Caller_without_tenant_claim_reads_nothing()
    {
        Assert.Empty(await ReadTenantsAsync(Caller(null)));
    }

    [Fact]
    public async Task Without_session_settings_the_policy_hides_every_row()
    {
        await using var connection = await _dataSource!.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM v_order", connection);
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Settings_are_transaction_local_and_carry_identity()
    {
        await using var connection = await _dataSource!.OpenConnectionAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await new PostgresSessionInitializer(Options).InitializeAsync(connection, transaction, Caller("acme"), CancellationToken.None);
            await using var command = new NpgsqlCommand(
                "SELECT current_setting('fraiseql.principal'), current_setting('fraiseql.roles'), current_setting('fraiseql.tenant_id'), current_setting('fraiseql.correlation_id'), current_setting('app.user_id'), current_setting('app.tenant_id')",
                connection, transaction);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(["alice", "viewer,staff", "acme", "corr-rls", "alice", "acme"], Enumerable.Range(0, 6).Select(reader.GetString));
        }
        // rolled back (disposed): the next statement on the same connection sees no tenant
        await using var after = new NpgsqlCommand("SELECT coalesce(current_setting('app.tenant_id', true), ''), (SELECT count(*) FROM v_order)", connection);
        await using var afterReader = await after.ExecuteReaderAsync();
        Assert.True(await afterReader.ReadAsync());
        Assert.Equal("", afterReader.GetString(0));
        Assert.Equal(0L, afterReader.GetInt64(1));
    }

    [Fact]
    public void One_round_trip_sets_every_variable()
    {
        Assert.Equal(
            "SELECT set_config($1, $2, true), set_config($3, $4, true), set_config($5, $6, true), set_config($7, $8, true), set_config($9, $10, true), set_config($11, $12, true)",
            new PostgresSessionInitializer(Options).Sql);
    }
}
