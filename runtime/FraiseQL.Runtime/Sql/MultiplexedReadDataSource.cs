using Npgsql;

namespace FraiseQL.Sql;

/// <summary>
/// The multiplexed Npgsql data source queries use when <see cref="FraiseQLPostgresOptions.Multiplexing"/> is on
/// (same connection string and pool size as the regular one, <c>Multiplexing=true</c>). A type of its own so the
/// regular <see cref="NpgsqlDataSource"/> in DI stays the one mutations, events and LISTEN use.
/// </summary>
public sealed class MultiplexedReadDataSource : IAsyncDisposable, IDisposable
{
    public MultiplexedReadDataSource(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        DataSource = dataSource;
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>How much later than PostgreSQL's statement_timeout Npgsql's own command timeout fires on these connections.</summary>
    internal const int StatementTimeoutBackstopSeconds = 5;

    /// <summary>
    /// The regular connection string with multiplexing turned on. Npgsql's own write coalescing stays (about 1,000
    /// bytes of commands per connection before it moves on): on 2026-12-07 it served 2–11 % more requests per second
    /// than 100 bytes in every one of six pairs (by_id and list20) with 10–16 % less service CPU per 20-row list; list20's p99
    /// was about twice as long, by_id's shorter. <c>Write Coalescing Buffer Threshold Bytes</c> in the connection
    /// string sets it (docs/tuning.md).
    /// </summary>
    public static string ConnectionString(FraiseQLPostgresOptions options)
    {
        var builder = PostgresConnectionStrings.Build(options);
        builder.Multiplexing = true;
        // The executor never cancels a multiplexed read (a cancel request would stop whatever statement the shared
        // session runs): PostgreSQL's statement_timeout bounds each one instead, with Npgsql's own timeout a little
        // later as the backstop. An Options text that sets statement_timeout already wins.
        if (options.CommandTimeout > TimeSpan.Zero && builder.Options?.Contains("statement_timeout", StringComparison.Ordinal) != true)
        {
            var milliseconds = (long)Math.Ceiling(options.CommandTimeout.TotalMilliseconds);
            builder.Options = ((builder.Options ?? "") + " -c statement_timeout=" + milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)).TrimStart();
            builder.CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds) + StatementTimeoutBackstopSeconds;
        }
        return builder.ConnectionString;
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}
