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
        return builder;
    }

    /// <summary>Parses a libpq URL or an Npgsql connection string.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        if (!connectionString.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            && !connectionString.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"The PostgreSQL connection string is not valid: {e.Message}", e);
            }
        }
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException("The PostgreSQL URL is not valid; expected postgresql://user:password@host:port/database.");
        }
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port };
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var name = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            switch (name)
            {
                case "sslmode":
                    builder.SslMode = value switch
                    {
                        "disable" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "prefer" => SslMode.Prefer,
                        "require" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => throw new InvalidOperationException($"Unknown sslmode '{value}' in the PostgreSQL URL."),
                    };
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "connect_timeout":
                    builder.Timeout = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "options":
                    builder.Options = value;
                    break;
            }
        }
        return builder;
    }
}
