using System.Security.Cryptography;
using FraiseQL.Runtime.Security.Authentication;
using FraiseQL.Runtime.Security.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace FraiseQL.Runtime.Tests.Security;

public sealed class ConfiguredSigningKeysTests
{
    [Fact]
    public void Pem_key_file_is_reloaded_when_it_changes()
    {
        var file = Path.GetTempFileName();
        try
        {
            using var first = RSA.Create(2048);
            using var second = RSA.Create(2048);
            File.WriteAllText(file, first.ExportSubjectPublicKeyInfoPem());
            var keys = new ConfiguredSigningKeys([new SigningKeyOptions { KeyId = "pem", PublicKeyPemFile = file }]);
            var loaded = Assert.IsType<RsaSecurityKey>(Assert.Single(keys.Current()));
            Assert.Equal(first.ExportParameters(false).Modulus, loaded.Rsa.ExportParameters(false).Modulus);

            File.WriteAllText(file, second.ExportSubjectPublicKeyInfoPem());
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
            var reloaded = Assert.IsType<RsaSecurityKey>(Assert.Single(keys.Current()));
            Assert.Equal(second.ExportParameters(false).Modulus, reloaded.Rsa.ExportParameters(false).Modulus);
            Assert.Equal("pem", reloaded.KeyId);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Ec_keys_load_and_bad_inputs_name_the_problem()
    {
        var file = Path.GetTempFileName();
        try
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            File.WriteAllText(file, ec.ExportSubjectPublicKeyInfoPem());
            Assert.IsType<ECDsaSecurityKey>(Assert.Single(new ConfiguredSigningKeys([new SigningKeyOptions { PublicKeyPemFile = file }]).Current()));

            File.WriteAllText(file, "not a key");
            Assert.Contains(file, Assert.Throws<SecurityConfigurationException>(() => new ConfiguredSigningKeys([new SigningKeyOptions { PublicKeyPemFile = file }])).Message, StringComparison.Ordinal);
            Assert.Contains("at least 32", Assert.Throws<SecurityConfigurationException>(() => new ConfiguredSigningKeys([new SigningKeyOptions { KeyBase64 = Convert.ToBase64String(new byte[8]) }])).Message, StringComparison.Ordinal);
            Assert.Contains("base64", Assert.Throws<SecurityConfigurationException>(() => new ConfiguredSigningKeys([new SigningKeyOptions { KeyBase64 = "***" }])).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
