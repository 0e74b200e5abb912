using FraiseQL.Events;
using FraiseQL.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FraiseQL.Integration.Tests.Events.Support;

/// <summary>One running "instance" of a service: a generic host with the events runtime on its own database.</summary>
public sealed class EventServiceHost : IAsyncDisposable
{
    private readonly IHost _host;
    private int _stopped;

    private EventServiceHost(IHost host, string connectionString)
    {
        _host = host;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public IServiceProvider Services => _host.Services;

    public NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();

    public IGeneratedService Service => Services.GetRequiredService<IGeneratedService>();

    public static async Task<EventServiceHost> StartAsync(IGeneratedService service, string connectionString, string natsUrl, Action<FraiseQLEventsOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("NATS", LogLevel.Error);
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddFraiseQLGeneratedService(service);
        builder.Services.AddFraiseQLEvents(o =>
        {
            o.NatsUrl = natsUrl;
            o.NatsRequestTimeoutMs = 2_000;
            o.Consumer.AckWaitMs = 5_000;
            o.Consumer.BackoffMs = [100, 200, 400];
            o.Outbox.PollIntervalMs = 100;
            o.Outbox.InitialBackoffMs = 50;
            o.Outbox.MaxBackoffMs = 1_000;
            configure?.Invoke(o);
        });
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new EventServiceHost(host, connectionString);
    }

    /// <summary>Stops the instance abruptly (stopping token already cancelled), as a killed process would.</summary>
    public async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _host.StopAsync(new CancellationToken(canceled: true));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _host.StopAsync(cts.Token);
        }
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
