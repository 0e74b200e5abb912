using System.Collections.Concurrent;
using FraiseQL.Execution;
using FraiseQL.GraphQL;
using FraiseQL.Runtime.Tests.Support;
using Microsoft.Extensions.Logging;

namespace FraiseQL.Runtime.Tests.GraphQL;

/// <summary>
/// A request timeout is a warning in the log; a client that goes away mid-request is routine and is not. The SQL executor
/// reports both as a TIMEOUT error (it only sees one cancelled token); the GraphQL executor knows which one it was.
/// </summary>
public sealed class CancellationLoggingTests
{
    private sealed class CapturingLogger : ILogger<GraphQLExecutor>
    {
        public ConcurrentQueue<(LogLevel Level, int EventId, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, eventId.Id, formatter(state, exception)));
    }

    private static (GraphQLExecutor Executor, CapturingLogger Log) Executor(TimeSpan timeout)
    {
        var schema = ExecutableSchema.Build(TestSchema.Build());
        var sql = new RecordingRootFieldExecutor { Hang = true, CancellationAsTimeoutError = true };
        var log = new CapturingLogger();
        var limits = new QueryLimits { RequestTimeout = timeout };
        return (new GraphQLExecutor(schema, new DocumentCache(schema), sql, new AllowAllFieldAuthorizer(), limits, log), log);
    }

    [Fact]
    public async Task A_request_timeout_is_logged_as_a_warning_with_the_field()
    {
        var (executor, log) = Executor(TimeSpan.FromMilliseconds(100));
        var result = await executor.ExecuteAsync(new GraphQLRequest { Query = "{ orders { id } }" }, RequestContext.Anonymous("t"), allowMutation: false, CancellationToken.None);
        Assert.Equal("TIMEOUT", Assert.Single(result.Errors).Code);
        var warning = Assert.Single(log.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(4003, warning.EventId);
        Assert.Contains("orders", warning.Message);
    }

    [Fact]
    public async Task A_client_that_goes_away_is_not_logged_as_a_timeout()
    {
        var (executor, log) = Executor(TimeSpan.FromSeconds(30));
        using var aborted = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await executor.ExecuteAsync(new GraphQLRequest { Query = "{ orders { id } }" }, RequestContext.Anonymous("t"), allowMutation: false, aborted.Token);
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Warning);
    }
}
