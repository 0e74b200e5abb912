using Microsoft.Extensions.DependencyInjection;

namespace FraiseQL.Schema;

/// <summary>Called by generated <c>AddFraiseQLGenerated()</c>; registers the compiled service once.</summary>
public static class GeneratedServiceRegistration
{
    public static IServiceCollection AddFraiseQLGeneratedService(this IServiceCollection services, IGeneratedService service)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(service);
        foreach (var existing in services)
        {
            if (existing.ServiceType == typeof(IGeneratedService))
            {
                throw new InvalidOperationException(
                    "AddFraiseQLGenerated() was called twice, or two FraiseQL schemas are registered in one service. Register exactly one.");
            }
        }
        services.AddSingleton(service);
        services.AddSingleton(service.Schema);
        return services;
    }
}
