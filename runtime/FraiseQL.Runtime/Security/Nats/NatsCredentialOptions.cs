namespace FraiseQL.Runtime.Security.Nats;

/// <summary>
/// fraiseql.toml <c>[observers.credentials]</c>: how this service authenticates to nats-server. Exactly one of
/// user/password, token, nkey seed file or .creds file. Values may use <c>${ENV}</c>. The <c>*_file</c> forms are
/// re-read on every (re)connect, so rotating the file rotates the credential without a restart.
/// </summary>
public sealed class NatsCredentialOptions
{
    public string? User { get; init; }
    public string? Password { get; init; }
    /// <summary>File holding the password (trailing newline ignored); wins over <see cref="Password"/>.</summary>
    public string? PasswordFile { get; init; }
    public string? Token { get; init; }
    public string? TokenFile { get; init; }
    /// <summary>File holding an NKey user seed (<c>SU…</c>).</summary>
    public string? NKeySeedFile { get; init; }
    /// <summary>Decentralized-auth credentials file (user JWT + seed), as written by nsc.</summary>
    public string? CredsFile { get; init; }
    public string? TlsCaFile { get; init; }
    public string? TlsCertFile { get; init; }
    public string? TlsKeyFile { get; init; }
    /// <summary>Require TLS (implied by any TLS file).</summary>
    public bool TlsRequired { get; init; }

    public bool IsAnonymous => User is null && Token is null && TokenFile is null && NKeySeedFile is null && CredsFile is null;
}
