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
        // libpq's URI grammar, parsed by hand: System.Uri rejects what libpq accepts (a host list "h1:5432,h2:5433", an
        // empty host, a percent-encoded socket directory as the host) and keeps a host's percent-encoding.
        var rest = trimmed[(trimmed.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var query = "";
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        if (queryStart >= 0)
        {
            query = rest[(queryStart + 1)..];
            rest = rest[..queryStart];
        }
        var builder = new NpgsqlConnectionStringBuilder();
        // the user info ends at the last '@' (a password with an unencoded '/' or '@' still parses)
        var userEnd = rest.LastIndexOf('@');
        if (userEnd >= 0)
        {
            var userInfo = rest[..userEnd];
            var sep = userInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(sep >= 0 ? userInfo[..sep] : userInfo);
            if (sep >= 0)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[(sep + 1)..]);
            }
            rest = rest[(userEnd + 1)..];
        }
        var pathStart = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = pathStart >= 0 ? rest[..pathStart] : rest;
        if (authority.Length > 0)
        {
            ApplyHosts(builder, authority);
        }
        var database = pathStart >= 0 ? Uri.UnescapeDataString(rest[(pathStart + 1)..]) : "";
        if (database.Length > 0)
        {
            builder.Database = database;
        }
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
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
                    builder.Port = ParsePort(val);
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
    /// <summary>
    /// The URL's host list: <c>host</c>, <c>host:port</c>, <c>[ipv6]:port</c>, percent-encoded (a Unix-domain socket
    /// directory such as <c>%2Fvar%2Frun%2Fpostgresql</c>), several separated by commas. One host becomes Npgsql's
    /// Host and Port; several become Npgsql's multi-host list (<c>h1:5432,h2:5433</c>).
    /// </summary>
    private static void ApplyHosts(NpgsqlConnectionStringBuilder builder, string authority)
    {
        var hosts = new List<(string Host, int? Port)>();
        foreach (var spec in authority.Split(','))
        {
            string host;
            string? port = null;
            if (spec.StartsWith('['))
            {
                var close = spec.IndexOf(']', StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new FormatException($"Database URL: the IPv6 host '{spec}' has no closing ']'.");
                }
                host = spec[1..close];
                var after = spec[(close + 1)..];
                if (after.Length > 0)
                {
                    port = after.StartsWith(':') ? after[1..] : throw new FormatException($"Database URL: unexpected '{after}' after the host '{spec[..(close + 1)]}'.");
                }
            }
            else
            {
                var colon = spec.LastIndexOf(':');
                host = Uri.UnescapeDataString(colon >= 0 ? spec[..colon] : spec);
                port = colon >= 0 ? spec[(colon + 1)..] : null;
            }
            hosts.Add((host, string.IsNullOrEmpty(port) ? null : ParsePort(port)));
        }
        if (hosts.Count == 1)
        {
            if (hosts[0].Host.Length > 0)
            {
                builder.Host = hosts[0].Host;
            }
            if (hosts[0].Port is { } single)
            {
                builder.Port = single;
            }
            return;
        }
        builder.Host = string.Join(",", hosts.Select(h =>
        {
            var name = h.Host.Contains(':', StringComparison.Ordinal) ? $"[{h.Host}]" : h.Host;
            return h.Port is { } p ? $"{name}:{p.ToString(CultureInfo.InvariantCulture)}" : name;
        }));
    }

    private static int ParsePort(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new FormatException($"Database URL: the port '{value}' is not a number from 1 to 65535.");

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
