using Npgsql;

namespace FraiseQL.Runtime.Security.Database;

/// <summary>
/// Rotating the PostgreSQL password without a restart: the data source asks a provider for the password when it opens
/// a physical connection, refreshing it periodically (Npgsql's <c>UsePeriodicPasswordProvider</c>). Pooled connections
/// stay valid; new connections use the new password. Typical source: a file written by a secret manager
/// (<c>[database] password_file</c>) or a secret manager client (<see cref="UseRotatingPassword"/>).
/// </summary>
public static class DatabasePasswordRotation
{
    /// <summary>
    /// Reads the password from <paramref name="passwordFile"/> (trimmed) each time a new physical connection opens (pooled
    /// connections are reused, so this is rare). After rotating, open connections keep working and new ones use the
    /// new password at once.
    /// </summary>
    public static NpgsqlDataSourceBuilder UsePasswordFile(this NpgsqlDataSourceBuilder builder, string passwordFile)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(passwordFile);
        return builder.UsePasswordProvider(
            _ => ReadPassword(passwordFile),
            (_, _) => ValueTask.FromResult(ReadPassword(passwordFile)));
    }

    private static string ReadPassword(string passwordFile)
    {
        try
        {
            return File.ReadAllText(passwordFile).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"[database] password_file '{passwordFile}' cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>Uses <paramref name="provider"/> (e.g. a secret manager client) for the password, refreshed periodically.</summary>
    public static NpgsqlDataSourceBuilder UseRotatingPassword(this NpgsqlDataSourceBuilder builder, Func<CancellationToken, ValueTask<string>> provider, TimeSpan refreshInterval)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(provider);
        return builder.UsePeriodicPasswordProvider((_, cancellationToken) => provider(cancellationToken), refreshInterval, TimeSpan.FromSeconds(2));
    }
}
