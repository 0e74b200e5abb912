using System.Buffers;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FraiseQL.Runtime.Security.Audit;

/// <summary>
/// Background writer of the <see cref="AuditLog"/>: each entry becomes one structured log event in category
/// <c>FraiseQL.Audit</c> and, when <c>audit_file</c> is set, one JSON line appended to that file.
/// </summary>
public sealed class AuditLogWriter(AuditLog auditLog, ILoggerFactory loggerFactory) : BackgroundService
{
    public const string Category = "FraiseQL.Audit";

    private readonly ILogger _audit = loggerFactory.CreateLogger(Category);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!auditLog.Enabled)
        {
            return;
        }
        FileStream? file = null;
        if (auditLog.Options.AuditFile is { } path)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
            file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
        }
        var buffer = new ArrayBufferWriter<byte>(1024);
        try
        {
            var reader = auditLog.Reader;
            while (await WaitAsync(reader, stoppingToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var entry))
                {
                    buffer.ResetWrittenCount();
                    AuditEntryJson.Write(entry, buffer);
                    _audit.LogInformation(
                        "Audit {Kind} {Action} by {Principal} (tenant {Tenant}) on {TargetType} {TargetId}: {Outcome} [{CorrelationId}] {AuditJson}",
                        entry.Kind, entry.Action, entry.Principal ?? "anonymous", entry.Tenant, entry.TargetType, entry.TargetId,
                        entry.Outcome, entry.CorrelationId, Encoding.UTF8.GetString(buffer.WrittenSpan));
                    if (file is not null)
                    {
                        buffer.Write("\n"u8);
                        await file.WriteAsync(buffer.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
                    }
                }
                if (file is not null)
                {
                    await file.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }
                auditLog.ResetWarning();
            }
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async ValueTask<bool> WaitAsync(System.Threading.Channels.ChannelReader<AuditEntry> reader, CancellationToken stoppingToken)
    {
        try
        {
            return await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: drain what is already queued, then stop.
            return reader.TryPeek(out _);
        }
    }
}
