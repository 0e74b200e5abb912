using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.Runtime.Security.Audit;
using FraiseQL.Runtime.Security.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FraiseQL.Runtime.Tests.Security;

public sealed class AuditLogTests
{
    private static RequestContext Context => new()
    {
        CorrelationId = "corr-9",
        Principal = "alice",
        Roles = ["admin"],
        TenantId = "t-1",
        Claims = new Dictionary<string, string> { ["sub"] = "alice", ["email"] = "alice@example.com", ["access_token"] = "eyJ.secret.token" },
        AuditTags = new Dictionary<string, string> { ["ticket"] = "OPS-7" },
    };

    [Fact]
    public void Full_queue_drops_new_entries_without_blocking_and_counts_them()
    {
        var log = new AuditLog(new AuditOptions { Enabled = true, QueueCapacity = 2 }, NullLogger<AuditLog>.Instance);
        var accepted = Enumerable.Range(0, 1000).Count(i => log.RecordMutation("createOrder", Context, "success"));
        Assert.Equal(2, accepted);
        Assert.Equal(998, log.DroppedCount);
    }

    [Fact]
    public void Disabled_audit_records_nothing()
    {
        var log = new AuditLog(new AuditOptions { Enabled = false }, NullLogger<AuditLog>.Instance);
        Assert.False(log.RecordMutation("createOrder", Context, "success"));
        Assert.Equal(0, log.DroppedCount);
    }

    [Fact]
    public async Task Writer_appends_one_json_line_per_entry_without_secrets()
    {
        var file = Path.Combine(Path.GetTempPath(), "fraiseql-audit-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            var log = new AuditLog(new AuditOptions { Enabled = true, AuditFile = file }, NullLogger<AuditLog>.Instance);
            using var loggerFactory = LoggerFactory.Create(_ => { });
            using var writer = new AuditLogWriter(log, loggerFactory);
            await writer.StartAsync(CancellationToken.None);
            Assert.True(log.RecordMutation("createOrder", Context, "success", "Order", "0199-order"));
            Assert.True(log.RecordEvent("fraiseql.order.created", "fn_reserve_inventory", Context, "success", "evt-1"));
            log.Complete();
            await writer.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
            await writer.StopAsync(CancellationToken.None);

            var lines = await File.ReadAllLinesAsync(file);
            Assert.Equal(2, lines.Length);
            using var first = JsonDocument.Parse(lines[0]);
            var root = first.RootElement;
            Assert.Equal("mutation", root.GetProperty("kind").GetString());
            Assert.Equal("createOrder", root.GetProperty("action").GetString());
            Assert.Equal("alice", root.GetProperty("principal").GetString());
            Assert.Equal("admin", root.GetProperty("roles")[0].GetString());
            Assert.Equal("t-1", root.GetProperty("tenant").GetString());
            Assert.Equal("Order", root.GetProperty("target_type").GetString());
            Assert.Equal("0199-order", root.GetProperty("target_id").GetString());
            Assert.Equal("success", root.GetProperty("outcome").GetString());
            Assert.Equal("corr-9", root.GetProperty("correlation_id").GetString());
            Assert.Equal("OPS-7", root.GetProperty("tags").GetProperty("ticket").GetString());
            Assert.True(DateTimeOffset.TryParse(root.GetProperty("time").GetString(), out _));
            using var second = JsonDocument.Parse(lines[1]);
            Assert.Equal("fn_reserve_inventory", second.RootElement.GetProperty("handler").GetString());
            var all = string.Join('\n', lines);
            Assert.DoesNotContain("eyJ", all, StringComparison.Ordinal);
            Assert.DoesNotContain("alice@example.com", all, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
