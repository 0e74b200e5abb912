using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using FraiseQL.Buffers;
using FraiseQL.Execution;
using FraiseQL.Hosting;
using FraiseQL.Introspection;
using FraiseQL.Validation;
using GraphQLParser.AST;
using Microsoft.Extensions.Logging;

namespace FraiseQL.GraphQL;

/// <summary>
/// The request pipeline shared by HTTP and WebSocket: document cache (parse + validate) → operation
/// selection → variable coercion → selection building (@skip/@include, fragments, arguments) →
/// limits (depth, aliases, cost) → per root field: authorize, then introspection in-process or
/// <see cref="IRootFieldExecutor"/> (SQL), writing PostgreSQL's JSON bytes untouched into the response.
/// Root fields run serially in document order — required for mutations, and for queries it keeps
/// one pooled connection per request (PostgreSQL parallelises inside each statement instead).
/// </summary>
public sealed class GraphQLExecutor
{
    private readonly ExecutableSchema _schema;
    private readonly DocumentCache _cache;
    private readonly InputCoercer _coercer;
    private readonly IRootFieldExecutor? _fieldExecutor;
    private readonly IFieldAuthorizer _authorizer;
    private readonly QueryLimits _limits;
    private readonly PersistedDocuments? _persisted;
    private readonly IntrospectionAccess _introspection;
    private readonly ILogger _logger;
    // during an outage every request fails the same way: one warning per interval, with a count of the rest
    private readonly FraiseQL.Hosting.RepeatedWarningThrottle _unavailableWarnings = new(FraiseQL.Hosting.RepeatedWarningThrottle.DefaultInterval);

    public GraphQLExecutor(
        ExecutableSchema schema,
        DocumentCache cache,
        IRootFieldExecutor? fieldExecutor,
        IFieldAuthorizer authorizer,
        QueryLimits limits,
        ILogger<GraphQLExecutor> logger,
        PersistedDocuments? persisted = null,
        IntrospectionAccess? introspection = null)
    {
        _schema = schema;
        _cache = cache;
        _coercer = new InputCoercer(schema);
        _fieldExecutor = fieldExecutor;
        _authorizer = authorizer;
        _limits = limits;
        _persisted = persisted;
        _introspection = introspection ?? IntrospectionAccess.Open;
        _logger = logger;
    }

    public ExecutableSchema Schema => _schema;

    public QueryLimits Limits => _limits;

    /// <summary>
    /// The schema as GraphQL SDL, as introspection shows it to <paramref name="context"/> (its roles decide which
    /// operations and fields are left out); null when introspection is refused to it (<c>[server] introspection</c>,
    /// <c>introspection_roles</c>). Served at <c>GET /graphql?sdl</c>.
    /// </summary>
    public string? SdlFor(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _introspection.Allows(context) ? IntrospectionFor(context).WriteSdl() : null;
    }

    /// <summary>Introspection as <paramref name="context"/> sees it: the authorizer hides the operations and fields it may not use.</summary>
    private IntrospectionExecutor IntrospectionFor(RequestContext context) =>
        new(_schema, (typeName, field) => _authorizer.IsFieldVisible(typeName, field, context));

    /// <summary>Parses, validates and plans a request without running it.</summary>
    public PreparedOperation Prepare(GraphQLRequest request)
    {
        var query = request.Query;
        string? register = null;
        if (_persisted is not null && (request.Extensions is not null || _persisted.ChecksEveryRequest)
            && _persisted.Resolve(ref query, request.Extensions, out register) is { } persistedError)
        {
            return new PreparedOperation
            {
                Errors = [persistedError],
                // the APQ protocol's "send me the document" answer is not a failed request (Apollo Client turns
                // persisted queries off for good after a 4xx)
                Outcome = persistedError.Code is PersistedDocuments.NotFoundCode or PersistedDocuments.NotSupportedCode
                    ? ExecutionOutcome.PersistedQueryNotFound
                    : ExecutionOutcome.RequestError,
            };
        }
        if (string.IsNullOrWhiteSpace(query))
        {
            return Rejected(new GraphQLError("The request has no \"query\": send the GraphQL document in the \"query\" parameter.", "BAD_REQUEST"));
        }
        if (Encoding.UTF8.GetMaxByteCount(query.Length) > _limits.MaxDocumentBytes && Encoding.UTF8.GetByteCount(query) > _limits.MaxDocumentBytes)
        {
            return Rejected(new GraphQLError($"The GraphQL document is larger than the maximum of {_limits.MaxDocumentBytes} bytes.", "QUERY_TOO_LARGE"));
        }
        if (request.Variables is { } vars && vars.ValueKind != JsonValueKind.Null && System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(vars).Length > _limits.MaxVariablesBytes)
        {
            return Rejected(new GraphQLError($"The \"variables\" are larger than the maximum of {_limits.MaxVariablesBytes} bytes.", "VARIABLES_TOO_LARGE"));
        }
        var document = _cache.GetOrPrepare(query);
        if (!document.IsValid)
        {
            return new PreparedOperation { Errors = document.Errors, Outcome = ExecutionOutcome.RequestError };
        }
        if (register is not null)
        {
            _persisted!.Register(register, query);
        }
        var operation = document.SelectOperation(request.OperationName, out var selectError);
        if (operation is null)
        {
            return Rejected(new GraphQLError(selectError!, "BAD_REQUEST"));
        }
        // A kept plan: as it is for an operation without variables, re-bound to this request's variables for one whose
        // variables appear only in root arguments. (A "variables" value that is not an object still gets its error from
        // the coercer below.)
        var hasVariables = operation.Variables is { Items.Count: > 0 };
        var variablesAreObject = VariableCoercer.IsObjectOrAbsent(request.Variables);
        if (variablesAreObject && document.PlanOf(operation, _limits) is { } kept)
        {
            return kept.RootNodes is null ? kept.Plan : Rebind(document, kept.Plan, kept.RootNodes, request.Variables);
        }
        var plan = Plan(document, operation, request.Variables, out var rootNodes, out var variablesBelowRoot);
        if (!hasVariables && variablesAreObject)
        {
            document.KeepPlan(operation, _limits, plan);
        }
        else if (hasVariables && !variablesBelowRoot && plan.IsReady && rootNodes is not null)
        {
            document.KeepPlan(operation, _limits, plan, rootNodes);
        }
        return plan;
    }

    private PreparedOperation Plan(PreparedDocument document, GraphQLOperationDefinition operation, JsonElement? requestVariables,
        out List<GraphQLField>? rootNodes, out bool variablesBelowRoot)
    {
        var root = _schema.RootType(operation.Operation)!;
        List<PlannedRootField> roots;
        rootNodes = null;
        variablesBelowRoot = true;
        try
        {
            var variables = VariableCoercer.Coerce(_coercer, operation, requestVariables);
            var builder = new SelectionBuilder(_coercer, document, variables);
            roots = builder.BuildRoot(root, operation.SelectionSet, out var nodes);
            rootNodes = nodes;
            variablesBelowRoot = builder.VariablesBelowRoot;
        }
        catch (InputCoercionException ex)
        {
            return CoercionFailed(document, operation, ex);
        }
        if (PageSizeError(operation, roots) is { } pageSizeError)
        {
            return pageSizeError;
        }
        var selections = roots.Select(r => r.Selection).ToArray();
        var depth = QueryCost.Depth(selections);
        if (depth > _limits.MaxDepth)
        {
            return Rejected(new GraphQLError($"The query is {depth} levels deep; the maximum depth is {_limits.MaxDepth}.", "QUERY_TOO_DEEP"), operation);
        }
        var aliases = QueryCost.Aliases(selections);
        if (aliases > _limits.MaxAliases)
        {
            return Rejected(new GraphQLError($"The query uses {aliases} aliases; the maximum is {_limits.MaxAliases}.", "TOO_MANY_ALIASES"), operation);
        }
        return CheckCost(operation, root, roots);
    }

    /// <summary>
    /// A kept plan of an operation whose variables appear only in root arguments, for this request's variables: the
    /// variables and the root fields' arguments are coerced again; the selections below are the template's (their shape,
    /// depth and aliases do not depend on the variables). Page size and cost, which read the arguments, are checked again.
    /// </summary>
    private PreparedOperation Rebind(PreparedDocument document, PreparedOperation template, IReadOnlyList<GraphQLField> rootNodes, JsonElement? requestVariables)
    {
        var operation = template.Operation!;
        var roots = new List<PlannedRootField>(template.RootFields.Count);
        try
        {
            var variables = VariableCoercer.Coerce(_coercer, operation, requestVariables);
            var builder = new SelectionBuilder(_coercer, document, variables);
            for (var i = 0; i < template.RootFields.Count; i++)
            {
                var kept = template.RootFields[i];
                var arguments = builder.CoerceRootArguments(rootNodes[i], kept.Field);
                roots.Add(new PlannedRootField(FieldSelectionCopy.With(kept.Selection, arguments: arguments), kept.Field));
            }
        }
        catch (InputCoercionException ex)
        {
            return CoercionFailed(document, operation, ex);
        }
        return PageSizeError(operation, roots) ?? CheckCost(operation, template.RootType!, roots);
    }

    private static PreparedOperation CoercionFailed(PreparedDocument document, GraphQLOperationDefinition operation, InputCoercionException ex)
    {
        var error = new GraphQLError(ex.Message, "BAD_USER_INPUT")
        {
            Locations = ex.Node is null ? [] : [document.Locations.Of(ex.Node)],
        };
        return new PreparedOperation { Operation = operation, Errors = [error], Outcome = ExecutionOutcome.RequestError };
    }

    /// <summary>The refusal of a root list field whose limit argument is out of range, or null.</summary>
    private PreparedOperation? PageSizeError(GraphQLOperationDefinition operation, List<PlannedRootField> roots)
    {
        foreach (var r in roots)
        {
            if (r.Field.Query is { HasLimit: true } && r.Selection.Arguments.TryGetValue("limit", out var limit) && limit is long n && (n > _limits.MaxPageSize || n < 0))
            {
                return new PreparedOperation
                {
                    Operation = operation,
                    Outcome = ExecutionOutcome.RequestError,
                    Errors = [new GraphQLError($"limit {n} on \"{r.Selection.ResponseName}\" is out of range: use 0 to {_limits.MaxPageSize} ([validation] max_page_size).", "BAD_USER_INPUT")
                    {
                        Locations = [r.Selection.Location],
                        Path = [r.Selection.ResponseName],
                    }],
                };
            }
        }
        return null;
    }

    /// <summary>The operation ready to run, or its refusal when it costs more than the limit.</summary>
    private PreparedOperation CheckCost(GraphQLOperationDefinition operation, SchemaType root, List<PlannedRootField> roots)
    {
        var cost = QueryCost.Cost(_schema, roots, _limits.DefaultListSize);
        if (cost > _limits.MaxCost)
        {
            return Rejected(new GraphQLError(
                $"The query costs {cost}; the maximum is {_limits.MaxCost}. Lower the limit arguments of list fields or select fewer nested lists.",
                "QUERY_TOO_COMPLEX"), operation);
        }
        return new PreparedOperation { Operation = operation, RootType = root, RootFields = roots };
    }

    private static PreparedOperation Rejected(GraphQLError error, GraphQLOperationDefinition? operation = null) =>
        new() { Operation = operation, Errors = [error], Outcome = ExecutionOutcome.RequestError };

    /// <summary>Runs a query or mutation and returns the complete response body.</summary>
    /// <param name="allowMutation">False for GET requests: a mutation is then refused (405).</param>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ExecutionResult> ExecuteAsync(GraphQLRequest request, RequestContext context, bool allowMutation, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = FraiseQLTelemetry.ActivitySource.StartActivity("graphql.request");
        activity?.SetTag("fraiseql.correlation_id", context.CorrelationId);
        PreparedOperation prepared;
        try
        {
            prepared = Prepare(request);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RuntimeLog.FieldFailed(_logger, ex, "(planning)");
            var internalError = new GraphQLError($"Internal error while preparing the request (correlation id {context.CorrelationId}).", "INTERNAL_SERVER_ERROR");
            return new ExecutionResult { Outcome = ExecutionOutcome.InternalError, Body = ResponseJson.ErrorsOnly(internalError), Errors = [internalError] };
        }
        var opType = prepared.OperationTypeName;
        var opName = prepared.Operation?.Name?.StringValue;
        activity?.SetTag("graphql.operation.type", opType);
        activity?.SetTag("graphql.operation.name", opName);
        ExecutionResult result;
        if (!prepared.IsReady)
        {
            result = new ExecutionResult
            {
                Outcome = prepared.Outcome,
                Body = ResponseJson.ErrorsOnly(prepared.Errors),
                Errors = prepared.Errors,
                OperationType = opType,
                OperationName = opName,
            };
        }
        else if (prepared.Operation!.Operation == OperationType.Mutation && !allowMutation)
        {
            var error = new GraphQLError("Mutations cannot be sent with GET; use POST.", "METHOD_NOT_ALLOWED");
            result = new ExecutionResult { Outcome = ExecutionOutcome.MutationOverGet, Body = ResponseJson.ErrorsOnly(error), Errors = [error], OperationType = opType, OperationName = opName };
        }
        else if (prepared.Operation.Operation == OperationType.Subscription)
        {
            var error = new GraphQLError("Subscriptions are served at this endpoint over WebSocket (graphql-transport-ws protocol) or as Server-Sent Events (Accept: text/event-stream), not as one JSON response.", "BAD_REQUEST");
            result = new ExecutionResult { Outcome = ExecutionOutcome.SubscriptionOverHttp, Body = ResponseJson.ErrorsOnly(error), Errors = [error], OperationType = opType, OperationName = opName };
        }
        else if (HiddenRootField(prepared, context) is { } hidden)
        {
            result = new ExecutionResult { Outcome = ExecutionOutcome.RequestError, Body = ResponseJson.ErrorsOnly(hidden), Errors = [hidden], OperationType = opType, OperationName = opName };
        }
        else
        {
            result = await RunAsync(prepared, context, cancellationToken).ConfigureAwait(false);
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var tags = new TagList { { "graphql.operation.type", opType ?? "unknown" }, { "outcome", ExecutionOutcomeNames.Of(result.Outcome) } };
        FraiseQLTelemetry.Requests.Add(1, tags);
        FraiseQLTelemetry.RequestDuration.Record(elapsed.TotalSeconds, tags);
        foreach (var e in result.Errors)
        {
            FraiseQLTelemetry.Errors.Add(1, new KeyValuePair<string, object?>("code", e.Code));
        }
        if (result.Errors.Count > 0)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Errors[0].Message);
        }
        if (result.Outcome != ExecutionOutcome.Executed)
        {
            RuntimeLog.RequestRejected(_logger, ExecutionOutcomeNames.Of(result.Outcome), result.Errors.Count > 0 ? result.Errors[0].Message : "");
        }
        RuntimeLog.RequestFinished(_logger, opType, opName, ExecutionOutcomeNames.Of(result.Outcome), result.Errors.Count, elapsed.TotalMilliseconds);
        return result;
    }

    /// <summary>
    /// A root field the caller's roles hide (introspection does not show it to them) is, for that caller, a field that
    /// does not exist: the request fails validation before anything runs, as for an unknown field (400, no data, the
    /// same message and code), so no earlier mutation in the document executes. (The validator's answer to a truly
    /// unknown field lists only the fields every caller may see: <see cref="IFieldAuthorizer.IsFieldPublic"/>.) So is
    /// <c>__schema</c> or <c>__type</c> when introspection is not open to the caller (<see cref="IntrospectionAccess"/>).
    /// </summary>
    private GraphQLError? HiddenRootField(PreparedOperation prepared, RequestContext context)
    {
        var rootType = prepared.RootType!.Name;
        foreach (var root in prepared.RootFields)
        {
            if (root.Selection.FieldName is "__schema" or "__type" && !_introspection.Allows(context))
            {
                return _introspection.Refused(root.Selection.Location);
            }
            if (!root.Selection.FieldName.StartsWith("__", StringComparison.Ordinal) && !_authorizer.IsFieldVisible(rootType, root.Field, context))
            {
                return new GraphQLError(DocumentValidator.CannotQueryField(root.Selection.FieldName, rootType), DocumentValidator.Code)
                {
                    Locations = [root.Selection.Location],
                };
            }
        }
        return null;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ExecutionResult> RunAsync(PreparedOperation prepared, RequestContext context, CancellationToken cancellationToken)
    {
        // the field values, in pooled buffers that go back once the response body has them
        var values = new PooledBufferWriter?[prepared.RootFields.Count];
        try
        {
            List<GraphQLError>? errors = null;
            var dataIsNull = false;
            var outcome = ExecutionOutcome.Executed;
            // one source for both the client going away and the request timeout: cancelled with the request not
            // aborted means the timeout fired
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_limits.RequestTimeout);
            var anyResolved = false;
            for (var i = 0; i < prepared.RootFields.Count; i++)
            {
                var root = prepared.RootFields[i];
                var (value, error) = await ResolveRootAsync(root, prepared.RootType!.Name, context, timeout, timeout.Token, cancellationToken).ConfigureAwait(false);
                values[i] = value;
                if (error is null)
                {
                    anyResolved = true;
                    continue;
                }
                (errors ??= []).Add(error);
                // a mutation function's answer (even of its timeout or service_unavailable class) is a field error only
                if (error.Code == "SERVICE_UNAVAILABLE" && !error.IsFunctionOutcome)
                {
                    outcome = ExecutionOutcome.ServiceUnavailable;
                }
                else if (error.Code == "TIMEOUT" && !error.IsFunctionOutcome)
                {
                    outcome = ExecutionOutcome.Timeout;
                }
                if (root.Field.Type.IsNonNull)
                {
                    dataIsNull = true; // null propagation to the data root
                    if (prepared.Operation?.Operation == OperationType.Mutation)
                    {
                        // data is null whatever follows: a later mutation would commit and its result never reach the
                        // client (a retry would run it twice), so the serial execution stops here, as graphql-js's does
                        break;
                    }
                }
                if (outcome is ExecutionOutcome.Timeout or ExecutionOutcome.ServiceUnavailable)
                {
                    // the remaining fields would fail the same way: leave them null without running SQL
                    for (var j = i + 1; j < prepared.RootFields.Count; j++)
                    {
                        if (prepared.RootFields[j].Field.Type.IsNonNull)
                        {
                            dataIsNull = true;
                        }
                    }
                    break;
                }
            }
            // PostgreSQL down or the request timed out. GraphQL-over-HTTP: a response whose data is not null MUST be 2xx,
            // and one with data null SHOULD be. So when no field was resolved the response is errors only (no data
            // entry: a request failure, 503/504, which clients retry); when some field was (an earlier mutation that
            // committed), its value is kept and the status is 200 with the failed fields' errors.
            if ((outcome is ExecutionOutcome.ServiceUnavailable or ExecutionOutcome.Timeout) && anyResolved && !dataIsNull)
            {
                outcome = ExecutionOutcome.Executed;
            }
            var omitData = outcome is ExecutionOutcome.ServiceUnavailable or ExecutionOutcome.Timeout;
            if (errors is null && !dataIsNull)
            {
                var (body, length) = DataOnly(prepared.RootFields, values);
                return new ExecutionResult
                {
                    Outcome = outcome,
                    Body = body.AsMemory(0, length),
                    RentedBody = body,
                    Errors = [],
                    OperationType = prepared.OperationTypeName,
                    OperationName = prepared.Operation?.Name?.StringValue,
                };
            }
            // sized for the usual case so the field values are copied once, into an array of the right size
            var size = 64;
            for (var i = 0; i < values.Length; i++)
            {
                size += (values[i]?.WrittenCount ?? 4) + prepared.RootFields[i].Selection.ResponseName.Length + 4;
            }
            errors ??= [];
            var buffer = new ArrayBufferWriter<byte>(errors.Count > 0 ? size + 1024 : size);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                if (errors.Count > 0)
                {
                    ResponseJson.WriteErrors(w, errors);
                }
                if (dataIsNull && !omitData)
                {
                    w.WriteNull("data");
                }
                else if (!omitData)
                {
                    w.WritePropertyName("data");
                    w.WriteStartObject();
                    for (var i = 0; i < prepared.RootFields.Count; i++)
                    {
                        w.WritePropertyName(prepared.RootFields[i].Selection.ResponseName);
                        if (values[i] is { } raw)
                        {
                            w.WriteRawValue(raw.WrittenSpan, skipInputValidation: true);
                        }
                        else
                        {
                            w.WriteNullValue();
                        }
                    }
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            return new ExecutionResult
            {
                Outcome = outcome,
                Body = buffer.WrittenMemory,
                Errors = errors,
                OperationType = prepared.OperationTypeName,
                OperationName = prepared.Operation?.Name?.StringValue,
            };
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }
    }

    /// <summary>
    /// <c>{"data":{"a":…,"b":…}}</c> in an array rented from the shared pool (its first <c>Length</c> bytes): the usual
    /// response, written without a JSON writer. Response names are GraphQL names (validated: letters, digits,
    /// underscores), so they need no escaping.
    /// </summary>
    private static (byte[] Body, int Length) DataOnly(IReadOnlyList<PlannedRootField> roots, PooledBufferWriter?[] values)
    {
        var size = DataPrefix.Length + 2 + Math.Max(roots.Count - 1, 0); // prefix, "}}", commas
        for (var i = 0; i < roots.Count; i++)
        {
            size += roots[i].Selection.ResponseName.Length + 3 + (values[i]?.WrittenCount ?? 4); // "name":value
        }
        var body = ArrayPool<byte>.Shared.Rent(size);
        var span = body.AsSpan(0, size);
        DataPrefix.CopyTo(span);
        var at = DataPrefix.Length;
        for (var i = 0; i < roots.Count; i++)
        {
            if (i > 0)
            {
                span[at++] = (byte)',';
            }
            span[at++] = (byte)'"';
            at += Encoding.UTF8.GetBytes(roots[i].Selection.ResponseName, span[at..]);
            span[at++] = (byte)'"';
            span[at++] = (byte)':';
            var value = values[i] is { } raw ? raw.WrittenSpan : "null"u8;
            value.CopyTo(span[at..]);
            at += value.Length;
        }
        span[at++] = (byte)'}';
        span[at++] = (byte)'}';
        Debug.Assert(at == size, "the size computed above is exact");
        return (body, size);
    }

    private static ReadOnlySpan<byte> DataPrefix => """{"data":{"""u8;

    /// <summary>Resolves one root field into a pooled buffer the caller disposes (null with an error, or for an empty result).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(PooledBufferWriter? Value, GraphQLError? Error)> ResolveRootAsync(
        PlannedRootField root, string rootTypeName, RequestContext context, CancellationTokenSource timeout, CancellationToken token, CancellationToken requestAborted)
    {
        var selection = root.Selection;
        GraphQLError Located(string message, string code) =>
            new(message, code) { Locations = [selection.Location], Path = [selection.ResponseName] };
        bool TimedOut() => timeout.IsCancellationRequested && !requestAborted.IsCancellationRequested;
        var started = Stopwatch.GetTimestamp();
        try
        {
            switch (selection.FieldName)
            {
                case "__typename":
                    var typeName = new PooledBufferWriter(256);
                    using (var w = new Utf8JsonWriter(typeName))
                    {
                        w.WriteStringValue(rootTypeName);
                    }
                    return (typeName, null);
                case "__schema":
                case "__type":
                    var buffer = new PooledBufferWriter(4096);
                    using (var w = new Utf8JsonWriter(buffer))
                    {
                        IntrospectionFor(context).WriteRootField(w, selection);
                    }
                    return (buffer, null);
            }
            var authorization = await _authorizer.AuthorizeSelectionAsync(root.Field, selection, context, token).ConfigureAwait(false);
            var denied = authorization.Denial;
            selection = authorization.Selection;
            if (denied is not null)
            {
                return (null, new GraphQLError(denied.Message, denied.Code)
                {
                    Locations = denied.Locations.Count > 0 ? denied.Locations : [selection.Location],
                    Path = denied.Path.Count > 0 ? denied.Path : [selection.ResponseName],
                    Extensions = denied.Extensions,
                });
            }
            if (_fieldExecutor is null)
            {
                return (null, Located($"No SQL executor is registered, so \"{selection.FieldName}\" cannot be resolved (register the PostgreSQL executor with the FraiseQL runtime).", "INTERNAL_SERVER_ERROR"));
            }
            if (root.Field.Query is null && root.Field.Mutation is null)
            {
                return (null, Located($"Field \"{selection.FieldName}\" has no resolver.", "INTERNAL_SERVER_ERROR"));
            }
            var output = new PooledBufferWriter(4096);
            try
            {
                if (root.Field.Query is { } query)
                {
                    await _fieldExecutor.ExecuteQueryAsync(query, selection, context, output, token).ConfigureAwait(false);
                }
                else
                {
                    await _fieldExecutor.ExecuteMutationAsync(root.Field.Mutation!, selection, context, output, token).ConfigureAwait(false);
                }
            }
            catch
            {
                output.Dispose();
                throw;
            }
            if (output.WrittenCount == 0)
            {
                output.Dispose();
                return (null, null);
            }
            return (output, null);
        }
        catch (GraphQLErrorException ex)
        {
            var e = ex.Error;
            if (e.Code == "SERVICE_UNAVAILABLE" && !e.IsFunctionOutcome)
            {
                if (_unavailableWarnings.TryPass(out var heldBack))
                {
                    RuntimeLog.ServiceUnavailable(_logger, selection.FieldName, e.Message, heldBack);
                }
            }
            else if (e.Code == "TIMEOUT" && TimedOut())
            {
                RuntimeLog.RequestTimedOut(_logger, _limits.RequestTimeout.TotalMilliseconds, selection.FieldName);
            }
            return (null, new GraphQLError(e.Message, e.Code)
            {
                Locations = e.Locations.Count > 0 ? e.Locations : [selection.Location],
                Path = e.Path.Count > 0 ? e.Path : [selection.ResponseName],
                Extensions = e.Extensions,
                IsFunctionOutcome = e.IsFunctionOutcome,
            });
        }
        catch (OperationCanceledException) when (TimedOut())
        {
            RuntimeLog.RequestTimedOut(_logger, _limits.RequestTimeout.TotalMilliseconds, selection.FieldName);
            return (null, Located($"The request timed out after {_limits.RequestTimeout.TotalMilliseconds:0} ms; the running SQL statement was cancelled.", "TIMEOUT"));
        }
        catch (Npgsql.NpgsqlException ex) when (ex.IsTransient && !requestAborted.IsCancellationRequested)
        {
            if (_unavailableWarnings.TryPass(out var heldBack))
            {
                RuntimeLog.ServiceUnavailable(_logger, selection.FieldName, ex.Message, heldBack);
            }
            return (null, Located("The database is unavailable; retry shortly.", "SERVICE_UNAVAILABLE"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RuntimeLog.FieldFailed(_logger, ex, selection.FieldName);
            return (null, Located($"Internal error while resolving \"{selection.FieldName}\" (correlation id {context.CorrelationId}).", "INTERNAL_SERVER_ERROR"));
        }
        finally
        {
            FraiseQLTelemetry.FieldDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("graphql.field", selection.FieldName));
        }
    }
}
