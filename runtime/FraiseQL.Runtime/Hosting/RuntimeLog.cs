using Microsoft.Extensions.Logging;

namespace FraiseQL.Hosting;

/// <summary>Source-generated structured log messages of the GraphQL layer.</summary>
internal static partial class RuntimeLog
{
    /// <summary>
    /// A request's log scope: <c>CorrelationId</c> for structured providers, and readable as text in the console
    /// (a dictionary or an array as the scope's state prints as its type name there).
    /// </summary>
    public static readonly Func<ILogger, string, IDisposable?> RequestScope =
        LoggerMessage.DefineScope<string>("CorrelationId:{CorrelationId}");

    /// <summary>An event's log scope while a consumer applies it: its correlation id, event id and consumer.</summary>
    public static readonly Func<ILogger, string, Guid, string, IDisposable?> EventScope =
        LoggerMessage.DefineScope<string, Guid, string>("CorrelationId:{CorrelationId} EventId:{EventId} Consumer:{Consumer}");

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "GraphQL {OperationType} {OperationName} finished: {Outcome} with {ErrorCount} error(s) in {ElapsedMs} ms")]
    public static partial void RequestFinished(ILogger logger, string? operationType, string? operationName, string outcome, int errorCount, double elapsedMs);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Unexpected error resolving root field {Field}")]
    public static partial void FieldFailed(ILogger logger, Exception exception, string field);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "GraphQL request timed out after {TimeoutMs} ms in field {Field}; SQL cancelled")]
    public static partial void RequestTimedOut(ILogger logger, double timeoutMs, string field);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Dependency unavailable while resolving {Field}: {Message} ({HeldBack} more such failures since the last of these warnings were not logged)")]
    public static partial void ServiceUnavailable(ILogger logger, string field, string message, int heldBack);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "GraphQL request rejected ({Outcome}): {Message}")]
    public static partial void RequestRejected(ILogger logger, string outcome, string message);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "WebSocket subscription {SubscriptionId} started: {Field}")]
    public static partial void SubscriptionStarted(ILogger logger, string subscriptionId, string field);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "WebSocket subscription {SubscriptionId} ended")]
    public static partial void SubscriptionEnded(ILogger logger, string subscriptionId);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "WebSocket subscription {SubscriptionId} failed")]
    public static partial void SubscriptionFailed(ILogger logger, Exception exception, string subscriptionId);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Debug, Message = "WebSocket connection closed: {Code} {Reason}")]
    public static partial void WebSocketClosed(ILogger logger, int code, string reason);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "FraiseQL configuration loaded from {Source}")]
    public static partial void ConfigurationLoaded(ILogger logger, string source);
}
