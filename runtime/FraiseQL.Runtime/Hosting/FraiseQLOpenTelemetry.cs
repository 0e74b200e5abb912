using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FraiseQL.Hosting;

/// <summary>
/// OpenTelemetry export, switched on by the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> setting (environment variable or
/// configuration key): traces from <see cref="FraiseQLTelemetry.Name"/> (one span per GraphQL request), Npgsql (one span
/// per SQL statement, a child of the request's) and ASP.NET Core, and metrics from the same three, sent over OTLP. The
/// exporter reads the other standard variables itself (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>_HEADERS</c>, …); the
/// service name defaults to fraiseql.toml's <c>[project] name</c> unless <c>OTEL_SERVICE_NAME</c> is set. Without the
/// endpoint nothing is registered: the sources cost nothing while no one listens, and an application that wires its own
/// OpenTelemetry adds <c>AddSource("FraiseQL")</c> / <c>AddMeter("FraiseQL")</c> itself.
/// </summary>
internal static class FraiseQLOpenTelemetry
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Npgsql's ActivitySource and Meter name.</summary>
    public const string NpgsqlSource = "Npgsql";

    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[EndpointKey]);

    public static void AddIfConfigured(IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        if (!IsConfigured(configuration))
        {
            return;
        }
        // the OTLP exporter reads OTEL_EXPORTER_OTLP_ENDPOINT/_PROTOCOL/_HEADERS from configuration itself, and appends
        // /v1/traces and /v1/metrics for http/protobuf as the specification says
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : serviceName))
            .WithTracing(tracing => tracing
                .AddSource(FraiseQLTelemetry.Name, NpgsqlSource)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddMeter(FraiseQLTelemetry.Name, NpgsqlSource)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter());
    }
}
