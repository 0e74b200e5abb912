using System.Net;
using System.Security.Cryptography.X509Certificates;
using FraiseQL.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FraiseQL.Hosting;

/// <summary>
/// Applies fraiseql.toml <c>[server] host/port</c> and <c>[server.tls]</c> to Kestrel.
/// <list type="bullet">
/// <item><c>port</c> set: Kestrel listens on <c>host</c> (default every interface) and that port, over HTTPS when
/// <c>[server.tls] enabled</c>; this replaces <c>ASPNETCORE_URLS</c>/<c>--urls</c> (Kestrel logs that it overrides them).</item>
/// <item>no <c>port</c>, TLS enabled: the certificate becomes Kestrel's HTTPS default, used by the <c>https://</c>
/// addresses of <c>ASPNETCORE_URLS</c>.</item>
/// <item>neither: nothing changes; <c>ASPNETCORE_URLS</c> decides, as for any ASP.NET Core app.</item>
/// </list>
/// Certificate and key are PEM files, relative paths from the content root; a file that cannot be loaded stops
/// start-up with an error naming the key and the file.
/// </summary>
internal static class ServerEndpoint
{
    public static void Configure(IServiceCollection services, ServerConfig server, string source)
    {
        if (server.Port is null && !server.Tls.Enabled)
        {
            return;
        }
        services.AddOptions<KestrelServerOptions>().Configure<IHostEnvironment>((kestrel, environment) =>
        {
            var certificate = server.Tls.Enabled ? LoadCertificate(server.Tls, environment.ContentRootPath, source) : null;
            if (server.Port is not { } port)
            {
                kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
                return;
            }
            Action<ListenOptions> listen = certificate is null ? _ => { } : l => l.UseHttps(certificate);
            switch (server.Host)
            {
                case null or "0.0.0.0" or "*":
                    kestrel.ListenAnyIP(port, listen);
                    break;
                case "localhost":
                    kestrel.ListenLocalhost(port, listen);
                    break;
                default:
                    kestrel.Listen(IPAddress.Parse(server.Host), port, listen);
                    break;
            }
        });
    }

    /// <summary>Hosts Kestrel can bind: an IP address, <c>localhost</c>, <c>0.0.0.0</c> or <c>*</c>.</summary>
    public static bool IsBindableHost(string host) =>
        host is "localhost" or "0.0.0.0" or "*" || IPAddress.TryParse(host, out _);

    private static X509Certificate2 LoadCertificate(TlsConfig tls, string contentRoot, string source)
    {
        var cert = Path.GetFullPath(tls.CertFile!, contentRoot);
        var key = Path.GetFullPath(tls.KeyFile!, contentRoot);
        try
        {
            return X509Certificate2.CreateFromPemFile(cert, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new FraiseQLConfigurationException(
                $"{source}: [server.tls] cert_file/key_file: cannot load the certificate '{cert}' with the key '{key}': {e.Message}");
        }
    }
}
