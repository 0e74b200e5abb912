namespace FraiseQL.Events;

/// <summary>[observers.credentials]: how this service authenticates to NATS (all optional).</summary>
public sealed class NatsCredentialOptions
{
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? Token { get; set; }
    /// <summary>Path of a <c>.creds</c> file (JWT + NKey seed).</summary>
    public string? CredsFile { get; set; }
    /// <summary>Path of an NKey seed file.</summary>
    public string? NKeyFile { get; set; }
}
