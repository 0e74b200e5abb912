using System.Threading.Channels;
using FraiseQL.Execution;
using FraiseQL.Runtime.Security.Configuration;
using Microsoft.Extensions.Logging;

namespace FraiseQL.Runtime.Security.Audit;

/// <summary>
/// Accepts audit entries without ever blocking the caller: a bounded channel that drops the new entry (counting it and
/// warning once per burst) when full. <see cref="AuditLogWriter"/> drains it in the background. Disabled unless
/// <c>[security.enterprise] enabled = true</c>.
/// </summary>
public sealed class AuditLog
{
    private readonly Channel<AuditEntry> _channel;
    private readonly ILogger _logger;
    private long _dropped;
    private int _warnedSinceLastWrite;

    public AuditLog(AuditOptions options, ILogger<AuditLog> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _logger = logger;
        _channel = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(Math.Max(1, options.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite returns false when full: we drop, never wait
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public AuditOptions Options { get; }

    public bool Enabled => Options.Enabled;

    /// <summary>Entries dropped because the queue was full (since start).</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>The queued entries, for the single consumer (<see cref="AuditLogWriter"/>, or a custom sink instead of it).</summary>
    public ChannelReader<AuditEntry> Reader => _channel.Reader;

    /// <summary>Queues an entry; returns false (and counts a drop) when the queue is full or audit is disabled.</summary>
    public bool TryRecord(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!Options.Enabled)
        {
            return false;
        }
        if (_channel.Writer.TryWrite(entry))
        {
            return true;
        }
        var dropped = Interlocked.Increment(ref _dropped);
        if (Interlocked.Exchange(ref _warnedSinceLastWrite, 1) == 0)
        {
            _logger.LogWarning("Audit queue is full ({Capacity} entries); dropping audit entries (dropped so far: {Dropped})", Options.QueueCapacity, dropped);
        }
        return false;
    }

    /// <summary>Records a mutation's outcome (call after commit or failure).</summary>
    public bool RecordMutation(string mutation, RequestContext context, string outcome, string? entityType = null, string? entityId = null) =>
        TryRecord(new AuditEntry
        {
            Time = DateTimeOffset.UtcNow,
            Kind = "mutation",
            Action = mutation,
            Principal = context.Principal,
            Roles = context.Roles,
            Tenant = context.TenantId,
            TargetType = entityType,
            TargetId = entityId,
            Outcome = outcome,
            CorrelationId = context.CorrelationId,
            Tags = context.AuditTags.Count > 0 ? context.AuditTags : null,
        });

    /// <summary>Records a handled (or failed / dead-lettered) event.</summary>
    public bool RecordEvent(string subject, string handler, RequestContext context, string outcome, string? eventId = null) =>
        TryRecord(new AuditEntry
        {
            Time = DateTimeOffset.UtcNow,
            Kind = "event",
            Action = subject,
            Handler = handler,
            Principal = context.Principal,
            Roles = context.Roles,
            Tenant = context.TenantId,
            TargetType = "event",
            TargetId = eventId,
            Outcome = outcome,
            CorrelationId = context.CorrelationId,
            Tags = context.AuditTags.Count > 0 ? context.AuditTags : null,
        });

    /// <summary>Stops accepting entries; the writer drains what is queued and ends.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    internal void ResetWarning() => Interlocked.Exchange(ref _warnedSinceLastWrite, 0);
}
