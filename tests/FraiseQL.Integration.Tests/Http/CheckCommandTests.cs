using FraiseQL.Integration.Tests.Events.Support;
using FraiseQL.Integration.Tests.Infrastructure;
using FraiseQL.Schema;
using FraiseQL.Sql;
using Npgsql;

namespace FraiseQL.Integration.Tests.Http;

/// <summary>
/// <c>&lt;service&gt; check</c>: the database's views and functions checked against what the generated schema calls,
/// one line per problem and exit code 1, without applying migrations. The order service's own executable is run
/// for its views and mutation functions; the inventory service's handlers (it is not built beside these tests) are
/// checked through <see cref="SqlContractCheck"/> with its hand-built schema.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class CheckCommandTests(ServersFixture servers) : IDisposable
{
    private readonly DirectoryInfo _contentRoot = CreateContentRoot();

    /// <summary>With the service's appsettings.json, as its users run it (Npgsql's log of each statement at Warning).</summary>
    private static DirectoryInfo CreateContentRoot()
    {
        var root = Directory.CreateTempSubdirectory("fraiseql-check-");
        File.Copy(Path.Combine(ExampleServiceDatabase.RepositoryRoot(), "example-services", "order-service", "appsettings.json"),
            Path.Combine(root.FullName, "appsettings.json"));
        return root;
    }

    public void Dispose() => _contentRoot.Delete(recursive: true);

    [Fact]
    public async Task The_order_services_database_passes()
    {
        var database = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");

        var (exitCode, stdout, stderr) = await OrderServiceProcess.RunAsync(_contentRoot.FullName, ["check"], database);

        Assert.True(exitCode == 0, stdout + stderr);
        Assert.Equal("check: checked 1 view(s), 3 function(s): ok", stdout.TrimEnd());
    }

    [Fact]
    public async Task An_empty_database_names_every_missing_object_and_applies_no_migration()
    {
        var database = servers.Postgres.ConnectionString(await servers.Postgres.CreateDatabaseAsync("check_empty"));

        var (exitCode, stdout, _) = await OrderServiceProcess.RunAsync(_contentRoot.FullName, ["check"], database);

        Assert.Equal(1, exitCode);
        Assert.Contains("queries order, orders, ordersCount, orderPages, node (Order): view v_order does not exist on the search path; expected a view with a jsonb column \"data\" and the relay cursor column \"pk_order\"", stdout, StringComparison.Ordinal);
        Assert.Contains("mutation createOrder: function fn_create_order does not exist on the search path; expected fn_create_order(p_user_id, p_item_ids) returning mutation_response", stdout, StringComparison.Ordinal);
        Assert.EndsWith("check: 4 problem(s) in 1 view(s), 3 function(s)", stdout.TrimEnd(), StringComparison.Ordinal);
        // check changes nothing: the service's migrations (apply_migrations = true) were not applied
        Assert.Equal(0, await ExampleServiceDatabase.CountAsync(database, "SELECT count(*) FROM pg_class WHERE relname = 'tb_order'"));
    }

    [Fact]
    public async Task A_view_without_a_jsonb_data_column_is_one_line_and_exit_code_1()
    {
        var database = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        await ExampleServiceDatabase.ExecuteAsync(database,
            "CREATE OR REPLACE FUNCTION fn_ship_order(p_id uuid) RETURNS mutation_response LANGUAGE sql AS 'SELECT NULL::mutation_response'; " +
            "DROP VIEW v_order CASCADE; CREATE VIEW v_order AS SELECT id, pk_order, '{}'::text AS data FROM tb_order");

        var (exitCode, stdout, _) = await OrderServiceProcess.RunAsync(_contentRoot.FullName, ["check"], database);

        Assert.Equal(1, exitCode);
        Assert.Equal(
            "queries order, orders, ordersCount, orderPages, node (Order): column \"data\" of view v_order is text; expected jsonb\n" +
            "check: 1 problem(s) in 1 view(s), 3 function(s)",
            stdout.TrimEnd());
    }

    [Fact]
    public async Task A_views_data_key_spelt_other_than_its_non_null_field_is_found_in_a_row()
    {
        var database = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        // an empty view has no row to look at
        var (emptyExit, emptyOut, _) = await OrderServiceProcess.RunAsync(_contentRoot.FullName, ["check"], database);
        Assert.True(emptyExit == 0, emptyOut);
        // the service's own view, with a row: every query over it (the relay connection's included) passes
        await ExampleServiceDatabase.ExecuteAsync(database, "INSERT INTO tb_order (identifier, user_id, total) VALUES ('ORD-CHECK', gen_random_uuid(), 1)");
        var (rowExit, rowOut, _) = await OrderServiceProcess.RunAsync(_contentRoot.FullName, ["check"], database);
        Assert.True(rowExit == 0, rowOut);
        await ExampleServiceDatabase.ExecuteAsync(database,
            "CREATE OR REPLACE VIEW v_order AS SELECT o.pk_order, o.id, jsonb_build_object('id', o.id, 'identifier', o.identifier, " +
            "'user_id', o.user_id, 'status', o.status, 'total', o.total, 'createdAt', o.created_at, 'items', '[]'::jsonb) AS data FROM tb_order o");

        var (exitCode, stdout, _) = await OrderServiceProcess.RunAsync(_contentRoot.FullName, ["check"], database);

        Assert.Equal(1, exitCode);
        Assert.Contains("of view v_order has no key \"created_at\" in its first row, for the non-null field Order.", stdout, StringComparison.Ordinal);
        Assert.Contains("\"createdAt\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mutation_function_declaring_the_schemas_parameters_in_another_order_is_found()
    {
        var database = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        await ExampleServiceDatabase.ExecuteAsync(database,
            "DROP FUNCTION fn_create_order(uuid, text[]); " +
            "CREATE FUNCTION fn_create_order(p_item_ids text[], p_user_id uuid) RETURNS mutation_response LANGUAGE sql AS 'SELECT NULL::mutation_response'");

        var (exitCode, stdout, _) = await OrderServiceProcess.RunAsync(_contentRoot.FullName, ["check"], database);

        Assert.Equal(1, exitCode);
        Assert.Equal(
            "mutation createOrder: function fn_create_order declares its parameters as (p_item_ids, p_user_id), but they are bound by position as (p_user_id, p_item_ids): their values would be swapped; declare them in the schema's order\n" +
            "check: 1 problem(s) in 1 view(s), 3 function(s)",
            stdout.TrimEnd());
    }

    [Fact]
    public async Task A_mutation_function_with_the_wrong_arguments_or_return_type_is_one_line_each()
    {
        var database = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "order-service");
        await ExampleServiceDatabase.ExecuteAsync(database,
            "DROP FUNCTION fn_ship_order(uuid); " +
            "CREATE FUNCTION fn_ship_order(p_id uuid, p_carrier text) RETURNS mutation_response LANGUAGE sql AS 'SELECT NULL::mutation_response'; " +
            "DROP FUNCTION fn_create_order(uuid, text[]); " +
            "CREATE FUNCTION fn_create_order(p_user_id uuid, p_item_ids text[]) RETURNS jsonb LANGUAGE sql AS 'SELECT NULL::jsonb'");

        var (exitCode, stdout, _) = await OrderServiceProcess.RunAsync(_contentRoot.FullName, ["check"], database);

        Assert.Equal(1, exitCode);
        var lines = stdout.TrimEnd().Split('\n');
        Assert.Contains("mutation createOrder: function fn_create_order returns jsonb; expected mutation_response (a composite with a \"status\" column, or \"succeeded\" and \"state_changed\")", lines);
        Assert.Contains("mutation shipOrder: function fn_ship_order takes 2 argument(s), not 1: fn_ship_order(uuid, text) returns mutation_response; expected fn_ship_order(p_id) returning mutation_response", lines);
        Assert.Equal("check: 2 problem(s) in 1 view(s), 3 function(s)", lines[^1]);
    }

    [Fact]
    public async Task The_inventory_services_handlers_pass_and_a_wrong_or_missing_handler_is_one_line_each()
    {
        var database = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "inventory-service");
        var schema = InventoryServiceSchema.Create("fraiseql").Schema;

        var passing = await CheckAsync(database, schema);
        Assert.Empty(passing.Problems);
        Assert.Equal(2, passing.Functions);

        await ExampleServiceDatabase.ExecuteAsync(database,
            "DROP FUNCTION fn_reserve_inventory(jsonb); " +
            "CREATE FUNCTION fn_reserve_inventory(p_event text) RETURNS void LANGUAGE sql AS ''; " +
            "DROP FUNCTION fn_stock_level(jsonb)");

        var failing = await CheckAsync(database, schema);
        Assert.Equal(
            [
                "[[observers.subscribe]] fraiseql.order.created: function fn_reserve_inventory(text) returns void has the wrong argument types; expected fn_reserve_inventory(p_event jsonb)",
                "[[observers.respond]] fraiseql.inventory.stock_level: function fn_stock_level does not exist on the search path; expected fn_stock_level(p_request jsonb) returning jsonb",
            ],
            failing.Problems);
    }

    [Fact]
    public async Task A_subscribe_handler_taking_the_context_fits_only_when_event_identity_passes_it()
    {
        var database = await ExampleServiceDatabase.CreateAsync(servers.Postgres, "inventory-service");
        var schema = InventoryServiceSchema.Create("fraiseql").Schema;
        await ExampleServiceDatabase.ExecuteAsync(database,
            "DROP FUNCTION fn_reserve_inventory(jsonb); " +
            "CREATE FUNCTION fn_reserve_inventory(p_event jsonb, p_context jsonb) RETURNS void LANGUAGE sql AS ''");

        Assert.Empty((await CheckAsync(database, schema, handlersMayTakeContext: true)).Problems);
        Assert.Equal(
            ["[[observers.subscribe]] fraiseql.order.created: function fn_reserve_inventory takes 2 argument(s), not 1: fn_reserve_inventory(jsonb, jsonb) returns void; expected fn_reserve_inventory(p_event jsonb)"],
            (await CheckAsync(database, schema)).Problems);
    }

    private static async Task<SqlContractReport> CheckAsync(string database, SchemaDescriptor schema, bool handlersMayTakeContext = false)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        return await SqlContractCheck.RunAsync(connection, schema, schema.Responds, handlersMayTakeContext, CancellationToken.None);
    }
}
