using FraiseQL.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FraiseQL.Hosting;

/// <summary>Warns at start about each key of the fraiseql.toml read that is ignored because no one knows it (<see cref="UnknownConfigKeys"/>).</summary>
internal sealed class UnknownConfigKeysWarning(FraiseQLConfig config, ILogger<UnknownConfigKeysWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (config.Root is { } root)
        {
            foreach (var key in UnknownConfigKeys.Find(root))
            {
                logger.LogWarning("{Source}: {Key} is not a fraiseql.toml setting and is ignored (a misspelt key?)", config.Source, key);
            }
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
