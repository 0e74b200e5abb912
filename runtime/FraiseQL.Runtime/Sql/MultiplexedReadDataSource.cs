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

    /// <summary>The regular connection string with multiplexing turned on.</summary>
    public static string ConnectionString(FraiseQLPostgresOptions options)
    {
        var builder = PostgresConnectionStrings.Build(options);
        builder.Multiplexing = true;
        return builder.ConnectionString;
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}
