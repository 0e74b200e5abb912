using FraiseQL.Runtime.Security.Authentication;
using FraiseQL.Runtime.Security.Configuration;
using Microsoft.Extensions.Logging;

namespace FraiseQL.Runtime.Tests.Security;

public sealed class AudienceNotCheckedWarningTests
{
    [Fact]
    public async Task Start_up_warns_when_auth_accepts_any_audience_and_not_when_it_names_one()
    {
        var anyAudience = new WarningLogger();
        await new AudienceNotCheckedWarning(new JwtAuthOptions { Issuer = "https://idp.example" }, anyAudience).StartAsync(CancellationToken.None);
        var named = new WarningLogger();
        await new AudienceNotCheckedWarning(new JwtAuthOptions { Issuer = "https://idp.example", Audiences = ["orders"] }, named).StartAsync(CancellationToken.None);

        var warning = Assert.Single(anyAudience.Warnings);
        Assert.Contains("[auth] sets no audience", warning, StringComparison.Ordinal);
        Assert.Contains("https://idp.example", warning, StringComparison.Ordinal);
        Assert.Empty(named.Warnings);
    }

    private sealed class WarningLogger : ILogger<AudienceNotCheckedWarning>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
