using System.Globalization;
using System.Text;
using FraiseQL.Schema;
using Npgsql;

namespace FraiseQL.Sql;

/// <summary>
/// <c>[caching] notify_triggers</c>: installs, for every table a cached query's views read, a statement trigger that
/// notifies <c>[caching] notify_channel</c> with the names of those views, so any committed write to the table (plain SQL
/// included) drops the cached results that read it, on every instance. The tables are found through PostgreSQL's
/// dependency catalog, through views of views; a table read only inside a function a view calls is not seen (name
/// its view in a trigger of your own, see the README). Idempotent (<c>CREATE OR REPLACE</c>), serialized between
/// instances by an advisory lock, one transaction. <c>&lt;service&gt; cache-triggers</c> prints the same DDL for a
/// migration file.
/// </summary>
internal static class ResultCacheTriggers
{
    /// <summary>The trigger function the triggers call: <c>pg_notify(TG_ARGV[0], TG_ARGV[1])</c>.</summary>
    internal const string FunctionName = "fraiseql_notify_result_cache";

    /// <summary>The trigger's name on each table: one per channel, so services on other channels keep theirs.</summary>
    internal static string TriggerName(string channel) => "fraiseql_result_cache_" + channel;

    /// <summary>One table and the cached views that read it.</summary>
    internal sealed record Installed(string Table, IReadOnlyList<string> Views);

    /// <summary>
    /// The triggers for a set of relations: the tables and their views, the relations that do not exist, and the DDL
    /// that creates the function and the triggers (idempotent; for a migration file, or run by <see cref="InstallAsync"/>).
    /// </summary>
    internal sealed record Outcome(IReadOnlyList<Installed> Tables, IReadOnlyList<string> UnknownViews, string Ddl);

    /// <summary>
    /// The relations cached queries read, as schema.json spells them (<c>sql_source</c>, every node type's view for
    /// <c>node(id)</c>, <c>additional_views</c>), for the queries that declare <c>cache_ttl_seconds</c>.
    /// </summary>
    public static IReadOnlyList<string> CachedSources(SchemaIndex schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var query in schema.Queries.Values.Where(QueryResultCache.Caches))
        {
            sources.UnionWith(CacheInvalidation.SourcesReadBy(query));
        }
        return [.. sources];
    }

    /// <summary>
    /// The tables relation <c>$1</c> (an oid) reads: itself when it is a table, else every table its view definition
    /// depends on, through views of views.
    /// </summary>
    private const string BaseTablesSql = """
        WITH RECURSIVE reads(oid) AS (
          SELECT $1::oid
          UNION
          SELECT d.refobjid
          FROM reads
          JOIN pg_rewrite r ON r.ev_class = reads.oid
          JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                          AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> reads.oid
        )
        SELECT c.oid::regclass::text
        FROM reads JOIN pg_class c ON c.oid = reads.oid
        WHERE c.relkind IN ('r', 'p')
        """;

    /// <summary>Installs the triggers (<see cref="PlanAsync"/>, then its DDL) in one transaction under an advisory lock.</summary>
    public static async Task<Outcome> InstallAsync(NpgsqlConnection connection, string channel, IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('fraiseql_result_cache_triggers'))", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var outcome = await PlanAsync(connection, transaction, channel, sources, cancellationToken).ConfigureAwait(false);
        await using (var create = new NpgsqlCommand(outcome.Ddl, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>Finds the tables behind <paramref name="sources"/> and writes the DDL for their triggers, changing nothing.</summary>
    public static async Task<Outcome> PlanAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string channel, IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(sources);
        if (!ResultCacheNotificationListener.IsValidChannel(channel))
        {
            throw new ArgumentException($"'{channel}' is not a valid channel name.", nameof(channel));
        }
        var viewsByTable = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var source in sources)
        {
            uint oid;
            await using (var resolve = new NpgsqlCommand("SELECT to_regclass($1)::oid", connection, transaction))
            {
                resolve.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source });
                if (await resolve.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not uint found)
                {
                    unknown.Add(source);
                    continue;
                }
                oid = found;
            }
            await using var command = new NpgsqlCommand(BaseTablesSql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<uint> { TypedValue = oid, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var table = reader.GetString(0);
                if (!viewsByTable.TryGetValue(table, out var views))
                {
                    viewsByTable[table] = views = new SortedSet<string>(StringComparer.Ordinal);
                }
                views.Add(ViewName.Normalize(source));
            }
        }
        await KeepOtherViewsAsync(connection, transaction, channel, viewsByTable, cancellationToken).ConfigureAwait(false);
        var ddl = new StringBuilder();
        ddl.Append(CultureInfo.InvariantCulture, $"""
            CREATE OR REPLACE FUNCTION {FunctionName}() RETURNS trigger LANGUAGE plpgsql AS $fraiseql$
            BEGIN
              PERFORM pg_notify(TG_ARGV[0], TG_ARGV[1]);
              RETURN NULL;
            END
            $fraiseql$;
            """).Append('\n');
        var installed = new List<Installed>();
        foreach (var (table, views) in viewsByTable)
        {
            var list = string.Join(",", views);
            ddl.Append(CultureInfo.InvariantCulture,
                $"CREATE OR REPLACE TRIGGER \"{TriggerName(channel)}\" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {FunctionName}('{channel}', {Literal(list)});\n");
            installed.Add(new Installed(table, [.. views]));
        }
        return new Outcome(installed, unknown, ddl.ToString());
    }

    /// <summary>
    /// Adds the views an existing trigger of this channel already names on these tables: another service sharing the
    /// database and the channel may have installed it for views of its own, and replacing its list would silence them.
    /// (A view no longer cached stays named: an extra notification, never a missed one.)
    /// </summary>
    private static async Task KeepOtherViewsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string channel,
        SortedDictionary<string, SortedSet<string>> viewsByTable, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT tgrelid::regclass::text, tgargs FROM pg_trigger WHERE tgname = $1 AND NOT tgisinternal", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = TriggerName(channel) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!viewsByTable.TryGetValue(reader.GetString(0), out var views))
            {
                continue;
            }
            // tgargs: each argument NUL-terminated; the second is the comma-separated view list
            var args = Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(1)).Split('\0');
            if (args.Length > 1)
            {
                views.UnionWith(args[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }
    }

    /// <summary>A SQL string literal (standard_conforming_strings: only quotes are doubled).</summary>
    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
