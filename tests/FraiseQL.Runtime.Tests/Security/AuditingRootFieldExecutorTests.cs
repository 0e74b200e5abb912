using System.Buffers;
using System.Text;
using FraiseQL.Execution;
using FraiseQL.Runtime.Security.Audit;
using FraiseQL.Runtime.Security.Configuration;
using FraiseQL.Schema;
using Microsoft.Extensions.Logging.Abstractions;

namespace FraiseQL.Runtime.Tests.Security;

public sealed class AuditingRootFieldExecutorTests
{
    private sealed class ScriptedExecutor(string? json, GraphQLError? error = null) : IRootFieldExecutor
    {
        public ValueTask ExecuteQueryAsync(QueryDescriptor query, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken)
        {
            output.Write(Encoding.UTF8.GetBytes(json!));
            return ValueTask.CompletedTask;
        }

        public ValueTask ExecuteMutationAsync(MutationDescriptor mutation, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken)
        {
            if (error is not null)
            {
                throw new GraphQLErrorException(error);
            }
            output.Write(Encoding.UTF8.GetBytes(json!));
            return ValueTask.CompletedTask;
        }
    }

    private static readonly MutationDescriptor CreateOrder = new()
    {
        Name = "createOrder", ReturnType = "Order!", FunctionName = "\"fn_create_order\"", Sql = "SELECT 1", Parameters = [],
    };

    private static readonly RequestContext Alice = new() { CorrelationId = "c-1", Principal = "alice", Roles = ["admin"], TenantId = "acme" };

    private static async Task<(string Output, List<AuditEntry> Entries)> RunAsync(IRootFieldExecutor inner)
    {
        var log = new AuditLog(new AuditOptions { Enabled = true }, NullLogger<AuditLog>.Instance);
        var executor = new AuditingRootFieldExecutor(inner, log);
        var output = new ArrayBufferWriter<byte>();
        try
        {
            await executor.ExecuteMutationAsync(CreateOrder, new FieldSelection { ResponseName = "createOrder", FieldName = "createOrder" }, Alice, output, CancellationToken.None);
        }
        catch (GraphQLErrorException)
        {
        }
        log.Complete();
        var entries = new List<AuditEntry>();
        await foreach (var entry in log.Reader.ReadAllAsync())
        {
            entries.Add(entry);
        }
        return (Encoding.UTF8.GetString(output.WrittenSpan), entries);
    }

    [Fact]
    public async Task Successful_mutation_is_audited_with_its_target_and_output_passes_through()
    {
        var (output, entries) = await RunAsync(new ScriptedExecutor("{\"id\":\"o-1\",\"items\":[{\"id\":\"i-1\"}],\"__typename\":\"Order\"}"));
        Assert.Equal("{\"id\":\"o-1\",\"items\":[{\"id\":\"i-1\"}],\"__typename\":\"Order\"}", output);
        var entry = Assert.Single(entries);
        Assert.Equal(("createOrder", "success", "Order", "o-1", "alice", "acme", "c-1"), (entry.Action, entry.Outcome, entry.TargetType, entry.TargetId, entry.Principal, entry.Tenant, entry.CorrelationId));
    }

    [Fact]
    public async Task In_band_and_thrown_errors_are_audited_as_errors()
    {
        var (_, inBand) = await RunAsync(new ScriptedExecutor("{\"status\":\"conflict\",\"message\":\"duplicate\"}"));
        Assert.Equal("error:conflict", Assert.Single(inBand).Outcome);
        var (_, thrown) = await RunAsync(new ScriptedExecutor(null, new GraphQLError("boom", "INTERNAL_SERVER_ERROR")));
        Assert.Equal("error:INTERNAL_SERVER_ERROR", Assert.Single(thrown).Outcome);
    }
}
