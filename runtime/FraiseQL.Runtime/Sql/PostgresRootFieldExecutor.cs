using System.Buffers;
using System.Collections.Concurrent;
using System.Data;
using System.Runtime.CompilerServices;
using System.Text;
using FraiseQL.Events;
using FraiseQL.Execution;
using FraiseQL.Hosting;
using FraiseQL.Schema;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FraiseQL.Sql;

/// <summary>
/// Runs each root field as one SQL statement on the pooled <see cref="NpgsqlDataSource"/> and
/// writes PostgreSQL's JSON text straight into the response buffer (no per-field objects).
/// Queries read <c>v_*</c> views with the selection compiled into a JSONB projection; mutations
/// call <c>fn_*</c> functions in a transaction, hand successful state changes to the
/// <see cref="IMutationEventSink"/> before COMMIT, and map <c>mutation_response</c> to a result
/// or a typed error. SQL texts are cached per (operation, selection shape, argument shape);
/// Npgsql auto-prepares them after two uses.
/// </summary>
public sealed partial class PostgresRootFieldExecutor : IRootFieldExecutor
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _readDataSource;
    private readonly bool _readsMultiplexed;
    private readonly SchemaIndex _schema;
    private readonly ISqlSessionInitializer _session;
    private readonly IMutationEventSink? _eventSink;
    private readonly ILogger _logger;
    // during an outage every request fails the same way: one warning per interval, with a count of the rest
    private readonly FraiseQL.Hosting.RepeatedWarningThrottle _unavailableWarnings = new(FraiseQL.Hosting.RepeatedWarningThrottle.DefaultInterval);
    private readonly StatementCache _cache;
    private readonly QueryStatementCompiler _queries;
    private readonly MutationStatementCompiler _mutations;
    private readonly MutationParameterBinder _binder;
    private readonly ConcurrentDictionary<string, MutationResultTypes> _resultTypes = new(StringComparer.Ordinal);
    private readonly QueryResultCache? _results;
    private readonly CacheInvalidation? _invalidation;
    private readonly ResultCacheFlights _flights = new();

    public PostgresRootFieldExecutor(
        NpgsqlDataSource dataSource,
        SchemaIndex schema,
        FraiseQLPostgresOptions options,
        ILogger<PostgresRootFieldExecutor> logger,
        ISqlSessionInitializer? sessionInitializer = null,
        IMutationEventSink? eventSink = null,
        NpgsqlDataSource? readDataSource = null,
        ResultCacheViews? resultCacheViews = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _dataSource = dataSource;
        _readDataSource = readDataSource ?? dataSource;
        _readsMultiplexed = new NpgsqlConnectionStringBuilder(_readDataSource.ConnectionString).Multiplexing;
        _schema = schema;
        _session = sessionInitializer ?? NoOpSqlSessionInitializer.Instance;
        _eventSink = eventSink;
        _logger = logger;
        _cache = new StatementCache(Math.Max(16, options.StatementCacheSize));
        _queries = new QueryStatementCompiler(schema, options.MaxPageSize);
        _mutations = new MutationStatementCompiler(schema);
        _binder = new MutationParameterBinder(schema);
        if (QueryResultCache.IsUsed(options, schema.Queries.Values))
        {
            _results = new QueryResultCache(options.ResultCacheMaxEntries, options.ResultCacheMaxBytes, resultCacheViews);
            _invalidation = new CacheInvalidation(schema, _results.Views);
        }
    }

    /// <summary>Results currently kept for queries that declare <c>cache_ttl_seconds</c> (0 when none does or [caching] is off).</summary>
    public int CachedResultCount => _results?.Count ?? 0;

    /// <summary>Number of SQL texts currently in the statement cache (for tests and metrics).</summary>
    public int CachedStatementCount => _cache.Count;

    /// <summary>
    /// The statement and parameters a query field would run, without running it (diagnostics,
    /// EXPLAIN, tests). Throws <see cref="GraphQLErrorException"/> for invalid arguments like the executor.
    /// </summary>
    public (string Sql, IReadOnlyList<NpgsqlParameter> Parameters) CompileQuery(QueryDescriptor query, FieldSelection field, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(context);
        var builder = new SqlBuilder(emitText: true);
        _queries.Compile(builder, query, field, context);
        return (builder.ToString(), builder.Parameters);
    }

    public ValueTask ExecuteQueryAsync(QueryDescriptor query, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        if (query.Remote is not null)
        {
            throw SqlErrors.Create(field, $"{query.Name} is answered over NATS request–reply ({query.Remote.Subject}), not by PostgreSQL.", "INTERNAL_SERVER_ERROR");
        }
        var key = StatementShapeKey.ForQuery(query.Name, field);
        var cached = _cache.TryGet(key, out var sql);
        var builder = new SqlBuilder(emitText: !cached);
        _queries.Compile(builder, query, field, context);
        if (!cached)
        {
            sql = builder.ToString();
            _cache.Add(key, sql);
            LogCompiled(_logger, query.Name, sql);
        }
        if (_results is not null && QueryResultCache.Caches(query))
        {
            return RunCachedQueryAsync(query, field, sql!, builder.Parameters, context, output, cancellationToken);
        }
        return RunQueryAsync(query.Name, field, sql!, builder.Parameters, context, output, cancellationToken);
    }

    /// <summary>
    /// A query that declares <c>cache_ttl_seconds</c>: served from the result cache while the views it read are unwritten
    /// and the time has not run out, else read from PostgreSQL and kept (<see cref="QueryResultCache"/>); concurrent
    /// misses of one key share one statement (<see cref="ResultCacheFlights"/>). A caller whose session settings the
    /// initializer cannot describe always reads PostgreSQL.
    /// </summary>
    private async ValueTask RunCachedQueryAsync(QueryDescriptor query, FieldSelection field, string sql, List<NpgsqlParameter> parameters,
        RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        var results = _results!;
        var key = _session.ResultCacheScope(context) is { } scope ? ResultCacheKey.Create(sql, parameters, scope) : null;
        if (key is null)
        {
            CountLookup("bypass");
            await RunQueryAsync(query.Name, field, sql, parameters, context, output, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (results.TryGet(key, out var json))
        {
            CountLookup("hit");
            output.Write(json);
            return;
        }
        var views = _invalidation!.ViewsReadBy(query);
        var before = QueryResultCache.Snapshot(views);
        var leads = _flights.TryLead(key, before, out var flight);
        if (!leads && flight.VersionsBefore.AsSpan().SequenceEqual(before))
        {
            byte[]? shared;
            try
            {
                shared = await flight.Result.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw PostgresFailures.Timeout(field);
            }
            if (shared is not null)
            {
                CountLookup("shared");
                output.Write(shared);
                return;
            }
        }
        // leading, or following a request that started before a write or whose statement failed: read our own
        CountLookup("miss");
        try
        {
            json = await ReadForCacheAsync(query, field, sql, parameters, context, cancellationToken).ConfigureAwait(false);
        }
        catch when (leads)
        {
            _flights.Land(key, flight, null);
            throw;
        }
        results.Add(key, json, views, before, Math.Min(query.CacheTtlSeconds!.Value, int.MaxValue) * 1000L);
        if (leads)
        {
            _flights.Land(key, flight, json);
        }
        output.Write(json);
    }

    private static void CountLookup(string outcome) =>
        FraiseQLTelemetry.ResultCacheLookups.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private async ValueTask<byte[]> ReadForCacheAsync(QueryDescriptor query, FieldSelection field, string sql, List<NpgsqlParameter> parameters,
        RequestContext context, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        await RunQueryAsync(query.Name, field, sql, parameters, context, buffer, cancellationToken).ConfigureAwait(false);
        return buffer.WrittenSpan.ToArray();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RunQueryAsync(string operation, FieldSelection field, string sql, List<NpgsqlParameter> parameters, RequestContext context,
        IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        var written = false;
        // Npgsql is given no token for the statement: StatementCancellation cancels it from a thread of its own (Npgsql's
        // cancel is synchronous network I/O inside the token's callback; see there). On a multiplexed connection the
        // statements of many requests share one PostgreSQL session, and a cancel request stops whatever that session is
        // running, someone else's statement too; Npgsql then breaks the connection for every request queued on it. So a
        // multiplexed read is never cancelled: a caller that goes away leaves it to finish, and PostgreSQL's
        // statement_timeout on those connections (the command timeout, MultiplexedReadDataSource) bounds it instead.
        var none = CancellationToken.None;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = await _readDataSource.OpenConnectionAsync(_readsMultiplexed ? none : cancellationToken).ConfigureAwait(false);
                var needsSession = _session.IsNeededForQuery(context);
                var sessionCommand = needsSession ? _session.CreateBatchCommand(context) : null;
                NpgsqlTransaction? transaction = null;
                try
                {
                    if (sessionCommand is null && needsSession)
                    {
                        // An initializer that needs its own round trips: settings and query share an explicit transaction.
                        transaction = await connection.BeginTransactionAsync(none).ConfigureAwait(false);
                        await _session.InitializeAsync(connection, transaction, context, none).ConfigureAwait(false);
                    }
                    // One round trip: [session settings;] query. A batch runs in one implicit transaction, so
                    // transaction-local settings (set_config(…, true)) are visible to the query and gone after it.
                    // Without settings (the usual anonymous read) a plain command, which is lighter than a batch of one.
                    await using (var command = sessionCommand is null ? CreateCommand(connection, transaction, sql, parameters) : null)
                    await using (var batch = sessionCommand is null ? null : CreateBatch(connection, transaction, sessionCommand, sql, parameters))
                    {
                        // disposed after the reader: waits for a cancel request already on its way before the connection is returned
                        await using var cancellation = _readsMultiplexed ? null
                            : command is not null ? StatementCancellation.Watch(connection, command, cancellationToken)
                            : StatementCancellation.Watch(connection, batch!, cancellationToken);
                        await using var reader = command is not null
                            ? await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, none).ConfigureAwait(false)
                            : await batch!.ExecuteReaderAsync(CommandBehavior.SequentialAccess, none).ConfigureAwait(false);
                        if (sessionCommand is not null)
                        {
                            await reader.NextResultAsync(none).ConfigureAwait(false);
                        }
                        if (await reader.ReadAsync(none).ConfigureAwait(false) && !await reader.IsDBNullAsync(0, none).ConfigureAwait(false))
                        {
                            await using var stream = reader.GetStream(0);
                            while (true)
                            {
                                var memory = output.GetMemory(2048);
                                var read = await stream.ReadAsync(memory, none).ConfigureAwait(false);
                                if (read == 0)
                                {
                                    break;
                                }
                                written = true;
                                output.Advance(read);
                            }
                        }
                        else
                        {
                            written = true;
                            output.Write("null"u8);
                        }
                    }
                    if (transaction is not null)
                    {
                        await transaction.CommitAsync(none).ConfigureAwait(false);
                    }
                }
                finally
                {
                    if (transaction is not null)
                    {
                        await transaction.DisposeAsync().ConfigureAwait(false);
                    }
                }
                return;
            }
            catch (Exception e) when (attempt == 0 && !written && !cancellationToken.IsCancellationRequested && PostgresFailures.IsUnavailable(e))
            {
                // A pooled connection may have died with a restarted server: drop the pool and retry once
                // (reads are idempotent; only when nothing was written to the response yet).
                _readDataSource.Clear();
                for (var i = 0; i < parameters.Count; i++)
                {
                    parameters[i] = parameters[i].Clone();
                }
            }
            catch (Exception e) when (e is not GraphQLErrorException)
            {
                throw MapFailure(e, field, context, operation, cancellationToken);
            }
        }
    }

    private static NpgsqlCommand CreateCommand(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, List<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        AddParameters(command.Parameters, parameters);
        return command;
    }

    private static void AddParameters(NpgsqlParameterCollection target, List<NpgsqlParameter> parameters)
    {
        foreach (var p in parameters)
        {
            target.Add(p);
        }
    }

    private static NpgsqlBatch CreateBatch(NpgsqlConnection connection, NpgsqlTransaction? transaction, NpgsqlBatchCommand? sessionCommand,
        string sql, List<NpgsqlParameter> parameters)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        if (sessionCommand is not null)
        {
            batch.BatchCommands.Add(sessionCommand);
        }
        var command = new NpgsqlBatchCommand(sql);
        AddParameters(command.Parameters, parameters);
        batch.BatchCommands.Add(command);
        return batch;
    }

    public async ValueTask ExecuteMutationAsync(MutationDescriptor mutation, FieldSelection field, RequestContext context, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mutation);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var types = _resultTypes.GetOrAdd(mutation.Name, static (_, state) => MutationResultTypes.For(state.schema, state.mutation), (schema: _schema, mutation));
        var key = StatementShapeKey.ForMutation(mutation.Name, field);
        if (!_cache.TryGet(key, out var sql))
        {
            sql = _mutations.Compile(mutation, field, types);
            _cache.Add(key, sql);
            LogCompiled(_logger, mutation.Name, sql);
        }
        var parameters = _binder.Bind(mutation, field, context);
        try
        {
            await RunMutationAsync(mutation, field, context, output, types, sql, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not GraphQLErrorException)
        {
            throw MapFailure(e, field, context, mutation.Name, cancellationToken);
        }
    }

    private async Task RunMutationAsync(MutationDescriptor mutation, FieldSelection field, RequestContext context, IBufferWriter<byte> output,
        MutationResultTypes types, string sql, List<NpgsqlParameter> parameters, CancellationToken cancellationToken)
    {
        // The function call is cancelled by StatementCancellation, not by Npgsql (see RunQueryAsync); the other statements
        // are short, and the token is checked before COMMIT, so a request that timed out or whose client left is rolled back.
        var none = CancellationToken.None;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(none).ConfigureAwait(false);
        var sessionCommand = _session.CreateBatchCommand(context);
        if (sessionCommand is null)
        {
            await _session.InitializeAsync(connection, transaction, context, none).ConfigureAwait(false);
        }
        MutationResponse response;
        // BEGIN, the session settings and the function call travel in one round trip.
        await using (var batch = CreateBatch(connection, transaction, sessionCommand, sql, parameters))
        {
            await using var cancellation = StatementCancellation.Watch(connection, batch, cancellationToken);
            await using var reader = await batch.ExecuteReaderAsync(none).ConfigureAwait(false);
            if (sessionCommand is not null)
            {
                await reader.NextResultAsync(none).ConfigureAwait(false);
            }
            if (!await reader.ReadAsync(none).ConfigureAwait(false))
            {
                LogNoRow(_logger, mutation.FunctionName, context.CorrelationId);
                throw SqlErrors.Create(field, $"{mutation.FunctionName} returned no row; a mutation function must return one mutation_response.", "INTERNAL_SERVER_ERROR");
            }
            var row = await reader.IsDBNullAsync(0, none).ConfigureAwait(false) ? "null" : reader.GetString(0);
            var projected = await reader.IsDBNullAsync(1, none).ConfigureAwait(false) ? null : reader.GetString(1);
            response = MutationResponseReader.Read(row, projected, mutation.FunctionName);
        }
        cancellationToken.ThrowIfCancellationRequested();

        if (MutationResponseContract.Violation(response) is { } violation)
        {
            await transaction.RollbackAsync(none).ConfigureAwait(false);
            LogInvalidResponse(_logger, mutation.FunctionName, violation, context.CorrelationId);
            throw SqlErrors.Create(field, $"{mutation.FunctionName} returned an invalid mutation_response: {violation}; nothing was changed.", "INTERNAL_SERVER_ERROR");
        }
        var outcome = response.IsCurrentShape
            ? MutationOutcome.FromCurrentShape(response.Succeeded ?? false, response.StateChanged ?? false, response.ErrorClass)
            : MutationOutcome.FromStatus(response.Status);
        if (outcome.UnknownStatus)
        {
            LogUnknownStatus(_logger, mutation.FunctionName, response.Status ?? response.ErrorClass ?? "(null)", context.CorrelationId);
        }

        if (outcome.Kind != MutationOutcomeKind.Error && response.ProjectedJson is null && !mutation.Nullable)
        {
            // GraphQL: null in a non-null position is a field error. The function answered without an entity (or with one
            // that is not an object) although the mutation's type is non-null: a contract error, rolled back like one.
            await transaction.RollbackAsync(none).ConfigureAwait(false);
            LogMissingEntity(_logger, mutation.FunctionName, mutation.ReturnType, context.CorrelationId);
            throw SqlErrors.Create(field,
                $"{mutation.FunctionName} succeeded without an entity object, but {mutation.Name} returns the non-null {mutation.ReturnType}!; nothing was changed (return the entity, or declare the mutation nullable).",
                "INTERNAL_SERVER_ERROR");
        }

        switch (outcome.Kind)
        {
            case MutationOutcomeKind.Success:
                if (_eventSink is not null && mutation.Publishes.Length > 0)
                {
                    // one event per publish entry, written with COMMIT in one round trip
                    await _eventSink.WriteAndCommitAsync(connection, transaction, mutation.Publishes.Select(publish => new MutationEvent
                    {
                        Publish = publish,
                        Mutation = mutation,
                        EntityJson = response.EntityJson ?? "null",
                        MetadataJson = response.MetadataJson,
                        EntityType = response.EntityType,
                        EntityId = response.EntityId,
                        Context = context,
                    }), none).ConfigureAwait(false);
                }
                else
                {
                    await transaction.CommitAsync(none).ConfigureAwait(false);
                }
                // committed: cached results of the views it wrote are no longer served (before the caller sees the result)
                _invalidation?.MutationSucceeded(mutation, response.EntityType, response.CascadeJson);
                WriteText(output, response.ProjectedJson);
                return;
            case MutationOutcomeKind.Noop:
                await transaction.CommitAsync(none).ConfigureAwait(false);
                WriteText(output, response.ProjectedJson);
                return;
            default:
            {
                await transaction.RollbackAsync(none).ConfigureAwait(false);
                var errorClass = outcome.ErrorClass ?? "internal";
                var httpStatus = response.HttpStatus ?? MutationErrorClasses.HttpStatus(errorClass);
                if (types.ErrorType is not null)
                {
                    MutationErrorWriter.Write(output, _schema, types.ErrorType, field, response, outcome, httpStatus);
                    return;
                }
                var extensions = new Dictionary<string, object?>
                {
                    ["status"] = response.Status ?? (response.StatusDetail is null ? errorClass : errorClass + ":" + response.StatusDetail),
                    ["httpStatus"] = httpStatus,
                    ["errorClass"] = errorClass,
                };
                // an unknown status is the function's mistake: its own message ("Book created") would contradict the error
                var message = outcome.UnknownStatus
                    ? $"{mutation.Name} failed: {mutation.FunctionName} returned the unknown status '{response.Status ?? response.ErrorClass ?? "(null)"}'."
                    : string.IsNullOrEmpty(response.Message) ? $"{mutation.Name} failed ({errorClass})." : response.Message;
                // the function's answer, not a failure of the request: its timeout or service_unavailable class neither
                // ends the operation nor turns the response into a 504/503
                throw new GraphQLErrorException(new GraphQLError(message, MutationErrorClasses.Code(errorClass))
                {
                    Locations = field.Location.Line > 0 ? [field.Location] : [],
                    Path = [field.ResponseName],
                    Extensions = extensions,
                    IsFunctionOutcome = true,
                });
            }
        }
    }

    private static void WriteText(IBufferWriter<byte> output, string? json)
    {
        if (json is null)
        {
            output.Write("null"u8);
        }
        else
        {
            Encoding.UTF8.GetBytes(json.AsSpan(), output);
        }
    }

    private GraphQLErrorException MapFailure(Exception e, FieldSelection field, RequestContext context, string operation, CancellationToken cancellationToken)
    {
        if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            LogCancelled(_logger, operation, context.CorrelationId);
            return PostgresFailures.Timeout(field);
        }
        if (PostgresFailures.IsUnavailable(e))
        {
            _dataSource.Clear();
            if (_unavailableWarnings.TryPass(out var heldBack))
            {
                LogUnavailable(_logger, operation, context.CorrelationId, e.Message, heldBack);
            }
            return PostgresFailures.Unavailable(field);
        }
        if (PostgresFailures.IsTimeout(e))
        {
            LogStatementTimeout(_logger, operation, context.CorrelationId);
            return PostgresFailures.Timeout(field);
        }
        if (e is PostgresException { SqlState: [ '2', '2', .. ] } dataError)
        {
            // Class 22 (data exception): a value the client sent does not fit the column type, e.g. gt: "abc" on a number.
            return SqlErrors.BadUserInput(field, $"{operation}: {dataError.MessageText}.");
        }
        if (e is PostgresException { SqlState: "42601" } tsQueryError && tsQueryError.MessageText.StartsWith("syntax error in tsquery", StringComparison.Ordinal))
        {
            // where: {title: {matches: "a b"}}: to_tsquery's own syntax (use plain_query or websearch_query for user text)
            return SqlErrors.BadUserInput(field, $"{operation}: {tsQueryError.MessageText} (matches takes to_tsquery syntax such as \"a & b\"; plain_query and websearch_query take free text).");
        }
        LogFailed(_logger, e, operation, context.CorrelationId);
        return PostgresFailures.Internal(field, context.CorrelationId);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Compiled SQL for {Operation}: {Sql}")]
    private static partial void LogCompiled(ILogger logger, string operation, string sql);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL unavailable while running {Operation} (correlation id {CorrelationId}): {Reason} ({HeldBack} more such failures since the last of these warnings were not logged)")]
    private static partial void LogUnavailable(ILogger logger, string operation, string correlationId, string reason, int heldBack);

    // The token is the request's: cancelled by its timeout or because the client went away. Which one, the GraphQL
    // executor knows (and logs the timeout as a warning); a client that leaves mid-request is routine.
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Operation} was cancelled: the request timed out or the client went away (correlation id {CorrelationId})")]
    private static partial void LogCancelled(ILogger logger, string operation, string correlationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation} exceeded the command timeout or PostgreSQL's statement_timeout and was cancelled (correlation id {CorrelationId})")]
    private static partial void LogStatementTimeout(ILogger logger, string operation, string correlationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Operation} failed in PostgreSQL (correlation id {CorrelationId})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string operation, string correlationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mutation function {Function} returned the unknown status '{Status}'; treated as an error (correlation id {CorrelationId})")]
    private static partial void LogUnknownStatus(ILogger logger, string function, string status, string correlationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mutation function {Function} returned an invalid mutation_response: {Violation}; rolled back (correlation id {CorrelationId})")]
    private static partial void LogInvalidResponse(ILogger logger, string function, string violation, string correlationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mutation function {Function} succeeded without an entity object for the non-null {ReturnType}; rolled back (correlation id {CorrelationId})")]
    private static partial void LogMissingEntity(ILogger logger, string function, string returnType, string correlationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mutation function {Function} returned no row (correlation id {CorrelationId})")]
    private static partial void LogNoRow(ILogger logger, string function, string correlationId);
}
