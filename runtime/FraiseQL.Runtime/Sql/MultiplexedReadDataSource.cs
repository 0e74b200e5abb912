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

    /// <summary>Npgsql's setting for how many bytes of commands it buffers for one connection before moving on.</summary>
    internal const string WriteCoalescingKey = "Write Coalescing Buffer Threshold Bytes";

    /// <summary>How much later than PostgreSQL's statement_timeout Npgsql's own command timeout fires on these connections.</summary>
    internal const int StatementTimeoutBackstopSeconds = 5;

    /// <summary>Our default for <see cref="WriteCoalescingKey"/>, unless the connection string sets it.</summary>
    internal const int WriteCoalescingBytes = 100;

    /// <summary>
    /// The regular connection string with multiplexing turned on. Npgsql keeps adding commands to one connection until
    /// about 1,000 bytes are buffered; a prepared query's Bind/Execute is far smaller, so under load a dozen queries
    /// queued behind one slow result on the same connection. At 100 bytes they spread over the pool: on the 20-row
    /// list benchmark p99 fell from 114–163 ms to 91–107 ms in four pairs, with the same requests per second (by_id
    /// too). A value set in the connection string wins.
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
        if (!PostgresConnectionStrings.Sets(options.ConnectionString!, WriteCoalescingKey))
        {
            builder.WriteCoalescingBufferThresholdBytes = WriteCoalescingBytes;
        }
        return builder.ConnectionString;
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}
