using Microsoft.Extensions.DependencyInjection;

namespace FraiseQL.Execution;

/// <summary>Wraps the last registered <see cref="IRootFieldExecutor"/> in a decorator: one mechanism for every
/// decorator (remote queries, audit).</summary>
internal static class RootFieldExecutorDecoration
{
    /// <param name="caller">Named in the error messages, e.g. "DecorateWithRemoteQueries".</param>
    public static IServiceCollection Decorate(
        IServiceCollection services, string caller, Func<IServiceProvider, IRootFieldExecutor, IRootFieldExecutor> decorate)
    {
        ArgumentNullException.ThrowIfNull(services);
        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IRootFieldExecutor) && !services[i].IsKeyedService)
            {
                index = i;
                break;
            }
        }
        if (index < 0)
        {
            throw new InvalidOperationException($"{caller}: no IRootFieldExecutor is registered yet; register the SQL executor first.");
        }
        var original = services[index];
        Func<IServiceProvider, IRootFieldExecutor> inner;
        if (original.ImplementationInstance is IRootFieldExecutor instance)
        {
            inner = _ => instance;
        }
        else if (original.ImplementationFactory is { } factory)
        {
            inner = sp => (IRootFieldExecutor)factory(sp);
        }
        else if (original.ImplementationType is { } type)
        {
            services.Add(new ServiceDescriptor(type, type, original.Lifetime));
            inner = sp => (IRootFieldExecutor)sp.GetRequiredService(type);
        }
        else
        {
            throw new InvalidOperationException($"{caller}: the IRootFieldExecutor registration has no implementation.");
        }
        services[index] = new ServiceDescriptor(typeof(IRootFieldExecutor), sp => decorate(sp, inner(sp)), original.Lifetime);
        return services;
    }
}
