using FraiseQL.Configuration;
using FraiseQL.Sql;
using Npgsql;

namespace FraiseQL.Runtime.Tests.Sql;

public sealed class ConnectionStringTests
{
    [Theory]
    [InlineData("postgresql:///orders?host=/var/run/postgresql")]
    [InlineData("postgresql://app@/orders?host=%2Fvar%2Frun%2Fpostgresql")]
    [InlineData("postgresql://%2Fvar%2Frun%2Fpostgresql/orders")]
    [InlineData("postgresql://app@%2Fvar%2Frun%2Fpostgresql:5432/orders")]
    public void Libpq_url_can_name_a_unix_socket_directory(string url)
    {
        // libpq's two spellings of a Unix-domain socket: a host that is a directory, given as ?host= or percent-encoded
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString.FromUrlOrConnectionString(url));
        Assert.Equal("/var/run/postgresql", builder.Host);
        Assert.Equal("orders", builder.Database);
    }

    [Fact]
    public void Libpq_url_host_lists_ipv6_and_bad_ports()
    {
        var multi = new NpgsqlConnectionStringBuilder(PostgresConnectionString.FromUrlOrConnectionString("postgresql://app:s3/cr@t@db1:5433,db2,[::1]:5434/orders?target_session_attrs=primary"));
        Assert.Equal("db1:5433,db2,[::1]:5434", multi.Host);
        Assert.Equal("app", multi.Username);
        Assert.Equal("s3/cr@t", multi.Password);
        Assert.Equal("orders", multi.Database);
        var ipv6 = new NpgsqlConnectionStringBuilder(PostgresConnectionString.FromUrlOrConnectionString("postgresql://[::1]:6543/orders"));
        Assert.Equal("::1", ipv6.Host);
        Assert.Equal(6543, ipv6.Port);
        var noDatabase = new NpgsqlConnectionStringBuilder(PostgresConnectionString.FromUrlOrConnectionString("postgres://db.local"));
        Assert.Equal("db.local", noDatabase.Host);
        Assert.Null(noDatabase.Database);
        var bad = Assert.Throws<FormatException>(() => PostgresConnectionString.FromUrlOrConnectionString("postgresql://db.local:54x2/orders"));
        Assert.Contains("'54x2'", bad.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => PostgresConnectionString.FromUrlOrConnectionString("postgresql://[::1:5432/orders"));
        Assert.Throws<FormatException>(() => PostgresConnectionString.FromUrlOrConnectionString("postgresql://db.local/orders?port=0"));
    }

    [Fact]
    public void Libpq_url_gets_the_pool_and_prepare_settings()
    {
        var options = new FraiseQLPostgresOptions { ConnectionString = "postgresql://app:secret@db.example:6543/orders?sslmode=require", PoolMax = 7 };
        var builder = PostgresConnectionStrings.Build(options);
        Assert.Equal(("db.example", 6543, "orders", "app"), (builder.Host, builder.Port, builder.Database, builder.Username));
        Assert.Equal(7, builder.MaxPoolSize);
        Assert.Equal(2, builder.AutoPrepareMinUsages);
        Assert.True(builder.NoResetOnClose);
        Assert.False(builder.Multiplexing);
    }

    [Fact]
    public void Connections_do_not_enlist_in_ambient_transactions_unless_the_connection_string_asks()
    {
        Assert.False(PostgresConnectionStrings.Build(new FraiseQLPostgresOptions { ConnectionString = "postgresql://app@localhost/orders" }).Enlist);
        Assert.False(PostgresConnectionStrings.Build(new FraiseQLPostgresOptions { ConnectionString = "Host=localhost;Database=orders" }).Enlist);
        Assert.True(PostgresConnectionStrings.Build(new FraiseQLPostgresOptions { ConnectionString = "Host=localhost;Database=orders;enlist=true" }).Enlist);
        Assert.True(new NpgsqlConnectionStringBuilder(MultiplexedReadDataSource.ConnectionString(
            new FraiseQLPostgresOptions { ConnectionString = "Host=localhost;Database=orders;Enlist=true" })).Enlist);
    }

    [Fact]
    public void Multiplexed_reads_keep_npgsqls_write_coalescing_unless_told_otherwise()
    {
        var read = new NpgsqlConnectionStringBuilder(MultiplexedReadDataSource.ConnectionString(
            new FraiseQLPostgresOptions { ConnectionString = "postgresql://app@localhost/orders" }));
        Assert.True(read.Multiplexing);
        Assert.Equal(new NpgsqlConnectionStringBuilder().WriteCoalescingBufferThresholdBytes, read.WriteCoalescingBufferThresholdBytes);

        // a value in the connection string is kept (a shorter p99 for large results, docs/tuning.md)
        var own = new NpgsqlConnectionStringBuilder(MultiplexedReadDataSource.ConnectionString(
            new FraiseQLPostgresOptions { ConnectionString = "Host=localhost;Database=orders;Write Coalescing Buffer Threshold Bytes=100" }));
        Assert.Equal(100, own.WriteCoalescingBufferThresholdBytes);
    }

    [Fact]
    public void Multiplexed_reads_are_bounded_by_statement_timeout_with_npgsqls_timeout_as_backstop()
    {
        var read = new NpgsqlConnectionStringBuilder(MultiplexedReadDataSource.ConnectionString(
            new FraiseQLPostgresOptions { ConnectionString = "Host=localhost;Database=orders;Options=-c search_path=app", CommandTimeout = TimeSpan.FromMilliseconds(2500) }));
        Assert.Equal("-c search_path=app -c statement_timeout=2500", read.Options);
        Assert.Equal(3 + MultiplexedReadDataSource.StatementTimeoutBackstopSeconds, read.CommandTimeout);

        // a statement_timeout the connection string sets wins; the regular pool gets none (it cancels with the token)
        var own = new NpgsqlConnectionStringBuilder(MultiplexedReadDataSource.ConnectionString(
            new FraiseQLPostgresOptions { ConnectionString = "Host=localhost;Database=orders;Options=-c statement_timeout=100" }));
        Assert.Equal("-c statement_timeout=100", own.Options);
        Assert.Null(PostgresConnectionStrings.Build(new FraiseQLPostgresOptions { ConnectionString = "Host=localhost;Database=orders" }).Options);
    }
}
