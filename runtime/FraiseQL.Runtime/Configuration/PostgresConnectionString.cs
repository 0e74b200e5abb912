using System.Globalization;
using Npgsql;

namespace FraiseQL.Configuration;

/// <summary>
/// Turns DATABASE_URL into an Npgsql connection string. Accepts a libpq URL
/// (<c>postgresql://user:pass@host:port/db?sslmode=require</c>, also <c>postgres://</c>) or an
/// Npgsql connection string (<c>Host=…;Username=…</c>), which is returned normalised.
/// </summary>
public static class PostgresConnectionString
{
    public static string FromUrlOrConnectionString(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var trimmed = value.Trim();
        if (!trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            && !trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(trimmed).ConnectionString;
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"Database URL is neither a postgresql:// URL nor a valid Npgsql connection string: {ex.Message}", ex);
            }
        }
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri))
        {
            throw new FormatException("Database URL is not a valid postgresql:// URL (expected postgresql://user:password@host:port/database).");
        }
        var builder = new NpgsqlConnectionStringBuilder();
        if (!string.IsNullOrEmpty(uri.Host))
        {
            builder.Host = uri.Host.Trim('[', ']');
        }
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var sep = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(sep >= 0 ? uri.UserInfo[..sep] : uri.UserInfo);
            if (sep >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(sep + 1)..]);
            }
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }
        foreach (var part in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq >= 0 ? part[..eq] : part);
            var val = eq >= 0 ? Uri.UnescapeDataString(part[(eq + 1)..]) : "";
            switch (key)
            {
                case "sslmode":
                    builder.SslMode = TryParseSslMode(val, out var mode)
                        ? mode
                        : throw new FormatException($"Database URL: unknown sslmode '{val}' (expected disable, allow, prefer, require, verify-ca or verify-full).");
                    break;
                case "host":
                    builder.Host = val;
                    break;
                case "port":
                    builder.Port = int.Parse(val, NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "user":
                    builder.Username = val;
                    break;
                case "password":
                    builder.Password = val;
                    break;
                case "dbname":
                    builder.Database = val;
                    break;
                case "connect_timeout":
                    builder.Timeout = int.Parse(val, NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "application_name":
                    builder.ApplicationName = val;
                    break;
                case "target_session_attrs":
                    builder.TargetSessionAttributes = val;
                    break;
                default:
                    // options Npgsql knows by the same name (e.g. "Pooling"); unknown libpq options are rejected by Npgsql
                    try
                    {
                        builder[key] = val;
                    }
                    catch (ArgumentException ex)
                    {
                        throw new FormatException($"Database URL: unsupported parameter '{key}': {ex.Message}", ex);
                    }
                    break;
            }
        }
        return builder.ConnectionString;
    }
    /// <summary>libpq's sslmode names (disable, allow, prefer, require, verify-ca, verify-full) → Npgsql's <see cref="SslMode"/>.</summary>
    public static bool TryParseSslMode(string value, out SslMode mode)
    {
        ArgumentNullException.ThrowIfNull(value);
        (var known, mode) = value switch
        {
            "disable" => (true, SslMode.Disable),
            "allow" => (true, SslMode.Allow),
            "prefer" => (true, SslMode.Prefer),
            "require" => (true, SslMode.Require),
            "verify-ca" => (true, SslMode.VerifyCA),
            "verify-full" => (true, SslMode.VerifyFull),
            _ => (false, SslMode.Prefer),
        };
        return known;
    }

    /// <summary>The connection string with <c>[database] ssl_mode</c> applied (it wins over a sslmode in the URL).</summary>
    public static string WithSslMode(string connectionString, string sslMode)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        if (!TryParseSslMode(sslMode, out var mode))
        {
            throw new FormatException($"unknown ssl_mode '{sslMode}' (expected disable, allow, prefer, require, verify-ca or verify-full).");
        }
        return new NpgsqlConnectionStringBuilder(connectionString) { SslMode = mode }.ConnectionString;
    }
}
