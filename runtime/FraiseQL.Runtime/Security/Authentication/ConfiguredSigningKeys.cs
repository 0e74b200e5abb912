using System.Security.Cryptography;
using FraiseQL.Runtime.Security.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace FraiseQL.Runtime.Security.Authentication;

/// <summary>
/// The keys of <c>[[auth.signing_keys]]</c>: HMAC secrets and PEM public key files. PEM files are re-read
/// when their modification time changes, so a rotated key file takes effect without a restart.
/// </summary>
public sealed class ConfiguredSigningKeys
{
    private readonly IReadOnlyList<SigningKeyOptions> _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTime Stamp, SecurityKey Key)> _pemKeys = new(StringComparer.Ordinal);
    private readonly List<SecurityKey> _staticKeys = [];

    public ConfiguredSigningKeys(IReadOnlyList<SigningKeyOptions> options)
    {
        _options = options;
        var index = 0;
        foreach (var option in options)
        {
            if (option.KeyBase64 is { } secret)
            {
                byte[] bytes;
                try
                {
                    bytes = Convert.FromBase64String(secret);
                }
                catch (FormatException ex)
                {
                    throw new SecurityConfigurationException($"fraiseql.toml: 'auth.signing_keys[{index}].key_base64' is not valid base64", ex);
                }
                if (bytes.Length < 32)
                {
                    throw new SecurityConfigurationException($"fraiseql.toml: 'auth.signing_keys[{index}].key_base64' is {bytes.Length} bytes; HMAC keys need at least 32");
                }
                _staticKeys.Add(new SymmetricSecurityKey(bytes) { KeyId = option.KeyId });
            }
            index++;
        }
        _ = Current(); // fail at start-up if a PEM file is missing or invalid
    }

    /// <summary>All keys, PEM files re-read if they changed since the last call.</summary>
    public IReadOnlyList<SecurityKey> Current()
    {
        var keys = new List<SecurityKey>(_staticKeys);
        lock (_gate)
        {
            foreach (var option in _options)
            {
                if (option.PublicKeyPemFile is not { } path)
                {
                    continue;
                }
                DateTime stamp;
                try
                {
                    stamp = File.GetLastWriteTimeUtc(path);
                }
                catch (IOException ex)
                {
                    throw new SecurityConfigurationException($"auth.signing_keys: cannot read public_key_pem_file '{path}': {ex.Message}", ex);
                }
                if (!_pemKeys.TryGetValue(path, out var cached) || cached.Stamp != stamp)
                {
                    cached = (stamp, LoadPem(path, option.KeyId));
                    _pemKeys[path] = cached;
                }
                keys.Add(cached.Key);
            }
        }
        return keys;
    }

    private static SecurityKey LoadPem(string path, string? keyId)
    {
        if (!File.Exists(path))
        {
            throw new SecurityConfigurationException($"auth.signing_keys: public_key_pem_file '{path}' does not exist");
        }
        var pem = File.ReadAllText(path);
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa) { KeyId = keyId };
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
        }
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            return new ECDsaSecurityKey(ecdsa) { KeyId = keyId };
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            ecdsa.Dispose();
            throw new SecurityConfigurationException($"auth.signing_keys: public_key_pem_file '{path}' is not an RSA or EC public key in PEM format: {ex.Message}", ex);
        }
    }
}
