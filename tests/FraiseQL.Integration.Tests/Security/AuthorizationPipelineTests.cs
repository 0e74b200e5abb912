using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Runtime.Security.Authentication;
using FraiseQL.Runtime.Security.Authorization;
using FraiseQL.Runtime.Security.Configuration;
using FraiseQL.Runtime.Security.Identity;
using FraiseQL.Runtime.Security.Session;
using FraiseQL.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace FraiseQL.Integration.Tests.Security;

/// <summary>
/// The security components composed the way the runtime uses them, over real Kestrel and PostgreSQL:
/// token → claims → roles/scopes → <see cref="OperationAuthorizer"/> (before SQL) → <see cref="PostgresSessionInitializer"/>
/// → RLS. Each operation is a fixed selection (the GraphQL parser is not under test here).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class AuthorizationPipelineTests(ServersFixture servers) : IAsyncLifetime
{
    private readonly byte[] _secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private readonly string _role = "pipe_" + Guid.NewGuid().ToString("N")[..8];
    private string _database = "";
    private NpgsqlDataSource? _dataSource;
    private WebApplication? _app;
    private string _url = "";
    private readonly HttpClient _http = new();

    private static readonly SchemaIndex Schema = new(new SchemaDescriptor
    {
        ServiceName = "order-service",
        Types =
        [
            new ObjectTypeDescriptor
            {
                Name = "Order",
                Fields =
                [
                    new FieldDescriptor { Name = "id", StorageKey = "id", Type = "UUID!" },
                    new FieldDescriptor { Name = "tenantId", StorageKey = "tenant_id", Type = "String!" },
                    new FieldDescriptor { Name = "total", StorageKey = "total", Type = "Decimal!", RequiresScope = "read:Order.total" },
                ],
            },
        ],
        Queries =
        [
            new QueryDescriptor { Name = "orders", ReturnType = "Order", ReturnsList = true, SqlSource = "\"v_order\"" },
            new QueryDescriptor { Name = "allTenantsReport", ReturnType = "Order", ReturnsList = true, SqlSource = "\"v_order\"", RequiresRole = "admin" },
        ],
        Mutations =
        [
            new MutationDescriptor { Name = "purgeOrders", ReturnType = "Order", FunctionName = "\"fn_purge\"", Sql = "SELECT 1", Parameters = [], RequiresRole = "admin" },
        ],
        Subscriptions =
        [
            new SubscriptionDescriptor { Name = "orderChanged", ReturnType = "Order", Topic = "order_changed", RequiresRole = "staff" },
        ],
    });

    private static FieldSelection F(string name, params FieldSelection[] children) =>
        new() { ResponseName = name, FieldName = name, Selections = children, Location = new SourceLocation(1, 3) };

    private static readonly Dictionary<string, (OperationKind Kind, FieldSelection Root)> Operations = new()
    {
        ["orders"] = (OperationKind.Query, F("orders", F("id"), F("tenantId"))),
        ["ordersWithTotal"] = (OperationKind.Query, F("orders", F("id"), F("total"))),
        ["report"] = (OperationKind.Query, F("allTenantsReport", F("id"))),
        ["purge"] = (OperationKind.Mutation, F("purgeOrders", F("id"))),
        ["subscribe"] = (OperationKind.Subscription, F("orderChanged", F("id"))),
    };

    public async Task InitializeAsync()
    {
        _database = await servers.Postgres.CreateDatabaseAsync("pipeline");
        await servers.Postgres.ExecuteScriptAsync(_database, $"""
            CREATE ROLE {_role} LOGIN;
            CREATE TABLE tb_order (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id text NOT NULL, total numeric NOT NULL);
            ALTER TABLE tb_order ENABLE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON tb_order USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), ''));
            CREATE VIEW v_order WITH (security_invoker = true) AS
                SELECT id, jsonb_build_object('id', id, 'tenant_id', tenant_id, 'total', total) AS data FROM tb_order;
            CREATE TABLE tb_sql_log (n bigserial PRIMARY KEY, operation text);
            GRANT SELECT ON tb_order, v_order TO {_role};
            GRANT INSERT ON tb_sql_log TO {_role};
            GRANT USAGE ON SEQUENCE tb_sql_log_n_seq TO {_role};
            INSERT INTO tb_order (tenant_id, total) VALUES ('acme', 10), ('acme', 20), ('globex', 99);
            """);
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(servers.Postgres.ConnectionString(_database)) { Username = _role }.ConnectionString);

        var options = SecurityOptionsReader.FromToml($"""
            [auth]
            issuer = "demo"
            audience = "order-service"
            [[auth.signing_keys]]
            kid = "demo"
            key_base64 = "{Convert.ToBase64String(_secret)}"
            [security]
            default_role = "viewer"
            [[security.role_definitions]]
            name = "admin"
            scopes = ["read:*"]
            [security.rls]
            enabled = true
            [security.rls.session_variables]
            "app.tenant_id" = "tenant_id"
            """, _ => null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddFraiseQLAuthentication(options);
        _app = builder.Build();
        _app.UseFraiseQLAuthentication();
        var authorizer = new OperationAuthorizer(Schema);
        var session = new PostgresSessionInitializer(options);
        _app.MapPost("/graphql", async (HttpContext http, string op) =>
        {
            var context = ClaimsIdentityMapper.ToRequestContext(http.User, "corr", null, null, options);
            var (kind, root) = Operations[op];
            var decision = authorizer.Authorize(kind, [root], context);
            if (!decision.IsAllowed)
            {
                var error = decision.Denials[0];
                return Results.Text($"{{\"errors\":[{{\"message\":{JsonSerializer.Serialize(error.Message)},\"path\":{JsonSerializer.Serialize(error.Path.Select(p => p.ToString()))},\"extensions\":{{\"code\":\"{error.Code}\"}}}}]}}", "application/json");
            }
            await using var connection = await _dataSource.OpenConnectionAsync(http.RequestAborted);
            await using var transaction = await connection.BeginTransactionAsync(http.RequestAborted);
            await session.InitializeAsync(connection, transaction, context, http.RequestAborted);
            await using (var log = new NpgsqlCommand("INSERT INTO tb_sql_log (operation) VALUES ($1)", connection, transaction))
            {
                log.Parameters.Add(new NpgsqlParameter<string> { TypedValue = op });
                await log.ExecuteNonQueryAsync(http.RequestAborted);
            }
            await using var query = new NpgsqlCommand("SELECT coalesce(jsonb_agg(data ORDER BY data->>'total'), '[]')::text FROM v_order", connection, transaction);
            var rows = (string)(await query.ExecuteScalarAsync(http.RequestAborted))!;
            await transaction.CommitAsync(http.RequestAborted);
            return Results.Text($"{{\"data\":{{\"{root.ResponseName}\":{rows}}}}}", "application/json");
        });
        await _app.StartAsync();
        _url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
        _http.Dispose();
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

    private string Token(string subject, string tenant, params string[] roles) => TestTokenIssuer.Mint(
        new SymmetricSecurityKey(_secret) { KeyId = "demo" }, subject,
        new Dictionary<string, object> { ["roles"] = roles, ["tenant_id"] = tenant }, issuer: "demo", audience: "order-service");

    private async Task<JsonElement> CallAsync(string op, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_url}/graphql?op={op}") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await _http.SendAsync(request);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    private async Task<long> SqlStatementsRunAsync()
    {
        await using var admin = new NpgsqlConnection(servers.Postgres.ConnectionString(_database));
        await admin.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM tb_sql_log", admin);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static List<string?> Tenants(JsonElement response, string field) =>
        response.GetProperty("data").GetProperty(field).EnumerateArray().Select(o => o.GetProperty("tenant_id").GetString()).ToList();

    [Fact]
    public async Task Each_tenant_reads_only_its_rows_and_no_tenant_reads_nothing()
    {
        Assert.Equal(["acme", "acme"], Tenants(await CallAsync("orders", Token("alice", "acme")), "orders"));
        Assert.Equal(["globex"], Tenants(await CallAsync("orders", Token("gina", "globex")), "orders"));
        Assert.Equal("UNAUTHENTICATED", (await CallAsync("orders", null)).GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Denied_operations_and_fields_fail_before_any_sql_runs()
    {
        var before = await SqlStatementsRunAsync();
        var viewer = Token("alice", "acme");

        var report = await CallAsync("report", viewer);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", report.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("Cannot query field \"allTenantsReport\" on type \"Query\".", report.GetProperty("errors")[0].GetProperty("message").GetString());

        var field = await CallAsync("ordersWithTotal", viewer);
        Assert.Equal("FORBIDDEN", field.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(["orders", "total"], field.GetProperty("errors")[0].GetProperty("path").EnumerateArray().Select(p => p.GetString()));

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", (await CallAsync("purge", viewer)).GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", (await CallAsync("subscribe", viewer)).GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());

        Assert.Equal(before, await SqlStatementsRunAsync());
    }

    [Fact]
    public async Task Roles_and_scopes_from_the_token_allow_the_same_operations()
    {
        var admin = Token("root", "acme", "admin", "staff");
        Assert.Equal(["acme", "acme"], Tenants(await CallAsync("report", admin), "allTenantsReport")); // RLS still applies
        Assert.True((await CallAsync("ordersWithTotal", admin)).TryGetProperty("data", out _));
        Assert.True((await CallAsync("purge", admin)).TryGetProperty("data", out _));
        Assert.True((await CallAsync("subscribe", admin)).TryGetProperty("data", out _));
    }
}
