using System.Globalization;
using Npgsql;

namespace FraiseQL.Sql;

/// <summary>
/// Accepts DATABASE_URL in either form — a libpq URL (<c>postgresql://user:pass@host:5432/db?sslmode=require</c>)
/// or an Npgsql connection string — and applies the pool/timeout/prepare settings of
/// <see cref="FraiseQLPostgresOptions"/>.
/// </summary>
public static class PostgresConnectionStrings
{
    public static NpgsqlConnectionStringBuilder Build(FraiseQLPostgresOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException("No PostgreSQL connection string: set [database] url in fraiseql.toml (usually \"${DATABASE_URL}\") or FraiseQLPostgresOptions.ConnectionString.");
        }
        var builder = Parse(options.ConnectionString);
        builder.MinPoolSize = Math.Max(0, options.PoolMin);
        builder.MaxPoolSize = Math.Max(1, options.PoolMax);
        builder.Timeout = Math.Max(1, (int)Math.Ceiling(options.ConnectTimeout.TotalSeconds));
        builder.CommandTimeout = Math.Max(0, (int)Math.Ceiling(options.CommandTimeout.TotalSeconds));
        builder.ConnectionIdleLifetime = Math.Max(1, (int)Math.Ceiling(options.IdleTimeout.TotalSeconds));
        builder.MaxAutoPrepare = Math.Max(0, options.MaxAutoPrepare);
        builder.AutoPrepareMinUsages = 2;
        if (!options.ResetSessionOnClose)
        {
            builder.NoResetOnClose = true;
        }
        if (!Sets(options.ConnectionString, EnlistKey))
        {
            // The runtime runs its own transactions and never a TransactionScope; with Enlist on, every Open looks up
            // Transaction.Current (an AsyncLocal walk per request). A connection string that says Enlist=true keeps it.
            builder.Enlist = false;
        }
        return builder;
    }

    /// <summary>Npgsql's keyword for joining an ambient <c>System.Transactions</c> transaction on Open.</summary>
    internal const string EnlistKey = "Enlist";

    /// <summary>
    /// Whether the connection text (libpq URL or Npgsql connection string) itself sets <paramref name="keyword"/>.
    /// <see cref="NpgsqlConnectionStringBuilder.ContainsKey"/> is true for every keyword Npgsql knows; the plain
    /// builder answers for the text (keywords compared without case).
    /// </summary>
    internal static bool Sets(string connectionString, string keyword) =>
        new System.Data.Common.DbConnectionStringBuilder
        {
            ConnectionString = FraiseQL.Configuration.PostgresConnectionString.FromUrlOrConnectionString(connectionString),
        }.ContainsKey(keyword);

    /// <summary>Parses a libpq URL or an Npgsql connection string (one parser for the whole runtime:
    /// <see cref="FraiseQL.Configuration.PostgresConnectionString"/>).</summary>
    public static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        try
        {
            return new NpgsqlConnectionStringBuilder(FraiseQL.Configuration.PostgresConnectionString.FromUrlOrConnectionString(connectionString));
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"The PostgreSQL connection string is not valid: {e.Message}", e);
        }
    }
}
