using FraiseQL.Runtime.Security.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FraiseQL.Runtime.Security.Authentication;

/// <summary>
/// Warns at start when <c>[auth]</c> sets no <c>audience</c>: tokens are then accepted whatever their <c>aud</c>, so a
/// token the same identity provider issued for another application (another client of the same issuer) is accepted
/// here too. Allowed, since some providers issue tokens without an audience, but rarely intended.
/// </summary>
internal sealed class AudienceNotCheckedWarning(JwtAuthOptions auth, ILogger<AudienceNotCheckedWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (auth.Audiences.Count == 0)
        {
            logger.LogWarning(
                "[auth] sets no audience: tokens are accepted whatever their 'aud', including tokens the issuer {Issuer} made for other applications. Set [auth] audience to this service's.",
                auth.Issuer ?? "(configured keys)");
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
