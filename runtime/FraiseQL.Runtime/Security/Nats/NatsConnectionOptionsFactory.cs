using FraiseQL.Runtime.Security.Configuration;
using NATS.Client.Core;

namespace FraiseQL.Runtime.Security.Nats;

/// <summary>
/// Builds a service's <see cref="NatsOpts"/> from its <see cref="NatsCredentialOptions"/>: per-service inbox prefix,
/// TLS files, and an auth callback that reads the password/token/seed/creds file again on every (re)connect — a
/// rotated secret file is picked up by the next reconnect without restarting the service.
/// </summary>
public static class NatsConnectionOptionsFactory
{
    public static NatsOpts Create(string url, string serviceName, NatsCredentialOptions credentials, NatsOpts? template = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var opts = (template ?? NatsOpts.Default) with
        {
            Url = url,
            Name = serviceName,
            InboxPrefix = NatsSubjects.InboxPrefix(serviceName),
            // identity and audit headers (a principal, a tenant, an audit tag value) may be any Unicode text
            HeaderEncoding = System.Text.Encoding.UTF8,
        };
        if (!credentials.IsAnonymous)
        {
            opts = opts with { AuthOpts = NatsAuthOpts.Default with { AuthCredCallback = (_, _) => ValueTask.FromResult(CurrentCredential(credentials)) } };
        }
        if (credentials.TlsRequired || credentials.TlsCaFile is not null || credentials.TlsCertFile is not null)
        {
            opts = opts with
            {
                TlsOpts = new NatsTlsOpts
                {
                    Mode = TlsMode.Require,
                    CaFile = credentials.TlsCaFile,
                    CertFile = credentials.TlsCertFile,
                    KeyFile = credentials.TlsKeyFile,
                },
            };
        }
        return opts;
    }

    /// <summary>The credential to present now (files read fresh).</summary>
    public static NatsAuthCred CurrentCredential(NatsCredentialOptions credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.User is { } user)
        {
            var password = credentials.PasswordFile is { } file ? ReadSecret(file, "password_file") : credentials.Password ?? "";
            return NatsAuthCred.FromUserInfo(user, password);
        }
        if (credentials.TokenFile is { } tokenFile)
        {
            return NatsAuthCred.FromToken(ReadSecret(tokenFile, "token_file"));
        }
        if (credentials.Token is { } token)
        {
            return NatsAuthCred.FromToken(token);
        }
        if (credentials.NKeySeedFile is { } seedFile)
        {
            return NatsAuthCred.FromNkey(ReadSecret(seedFile, "nkey_seed_file"));
        }
        if (credentials.CredsFile is { } credsFile)
        {
            _ = ReadSecret(credsFile, "creds_file"); // fail with a located message if missing
            return NatsAuthCred.FromCredsFile(credsFile);
        }
        throw new SecurityConfigurationException("[observers.credentials] has no credential to present");
    }

    private static string ReadSecret(string path, string key)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SecurityConfigurationException($"[observers.credentials] {key} '{path}' cannot be read: {ex.Message}", ex);
        }
    }
}
