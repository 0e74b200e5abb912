using FraiseQL.Schema;
using Npgsql;

namespace FraiseQL.Sql;

/// <summary>What <see cref="SqlContractCheck"/> found: one line per problem, and how many objects it looked at.</summary>
internal sealed record SqlContractReport(IReadOnlyList<string> Problems, int Views, int Functions);

/// <summary>
/// Checks the service's database against what the generated schema calls in it: each query's view has its jsonb
/// column (and a relay query's cursor column), each mutation's function takes its number of arguments and returns
/// <c>mutation_response</c> (either shape: a <c>status</c> column, or <c>succeeded</c> and <c>state_changed</c>), each
/// <c>[[observers.subscribe]]</c> handler takes <c>(p_event jsonb)</c> (or <c>(p_event jsonb, p_context jsonb)</c>
/// when event identity is on) and each <c>[[observers.respond]]</c> handler takes <c>(p_request jsonb)</c> and returns
/// jsonb. Two catalog queries in all (<see cref="SqlCatalog"/>); nothing is changed.
/// </summary>
internal static class SqlContractCheck
{
    private sealed record ColumnRequirement(string Column, string? Type, string Expected);

    public static async Task<SqlContractReport> RunAsync(NpgsqlConnection connection, SchemaDescriptor schema,
        IReadOnlyList<RespondDescriptor> responders, bool handlersMayTakeContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(responders);

        // view → the operations reading it and the columns they need
        var views = new Dictionary<string, (List<string> Users, List<ColumnRequirement> Columns)>(StringComparer.Ordinal);
        void Require(string source, string user, ColumnRequirement column)
        {
            if (!views.TryGetValue(source, out var entry))
            {
                views[source] = entry = ([], []);
            }
            if (!entry.Users.Contains(user))
            {
                entry.Users.Add(user);
            }
            if (!entry.Columns.Contains(column))
            {
                entry.Columns.Add(column);
            }
        }
        foreach (var query in schema.Queries)
        {
            if (query.Remote is not null)
            {
                continue;
            }
            foreach (var node in query.NodeTypes)
            {
                Require(node.SqlSource, $"{query.Name} ({node.TypeName})", DataColumn(node.JsonbColumn));
            }
            if (query.NodeTypes.Length > 0 || string.IsNullOrEmpty(query.SqlSource))
            {
                continue;
            }
            Require(query.SqlSource, query.Name, DataColumn(query.JsonbColumn));
            if (query.Relay is { } relay)
            {
                var cursor = SqlName.Parse(relay.CursorColumn).Name;
                Require(query.SqlSource, query.Name, new ColumnRequirement(cursor, null, $"the relay cursor column \"{cursor}\""));
            }
        }

        var functionNames = schema.Mutations.Select(m => SqlName.Parse(m.FunctionName))
            .Concat(schema.Subscribes.Select(s => SqlName.Parse(s.Handler)))
            .Concat(responders.Select(r => SqlName.Parse(r.Handler)))
            .ToList();
        var relations = await SqlCatalog.RelationsAsync(connection, views.Keys.Select(v => SqlName.Parse(v).Name), cancellationToken).ConfigureAwait(false);
        var functions = await SqlCatalog.FunctionsAsync(connection, functionNames.Select(f => f.Name), cancellationToken).ConfigureAwait(false);

        var problems = new List<string>();
        var sound = new HashSet<string>(StringComparer.Ordinal); // views that exist with the columns their queries need
        foreach (var (source, (users, columns)) in views)
        {
            var before = problems.Count;
            var name = SqlName.Parse(source);
            var who = (users.Count == 1 ? "query " : "queries ") + string.Join(", ", users);
            var relation = SqlCatalog.Matching(relations, name, r => (r.Schema, r.Name, r.Visible)).FirstOrDefault();
            if (relation is null)
            {
                problems.Add($"{who}: view {name} does not exist{(name.Schema is null ? " on the search path" : "")}; expected a view with {string.Join(" and ", columns.Select(c => c.Expected))}");
                continue;
            }
            foreach (var column in columns)
            {
                if (!relation.Columns.TryGetValue(column.Column, out var type))
                {
                    problems.Add($"{who}: view {name} has no column \"{column.Column}\" (it has {Describe(relation.Columns.Keys)}); expected {column.Expected}");
                }
                else if (column.Type is not null && type != column.Type)
                {
                    problems.Add($"{who}: column \"{column.Column}\" of view {name} is {type}; expected {column.Type}");
                }
            }
            if (problems.Count == before)
            {
                sound.Add(source);
            }
        }

        await CheckSampleRowsAsync(connection, schema, sound, problems, cancellationToken).ConfigureAwait(false);

        foreach (var mutation in schema.Mutations)
        {
            var expected = $"{SqlName.Parse(mutation.FunctionName)}({string.Join(", ", mutation.Parameters.Select(p => p.Name))}) returning mutation_response";
            CheckFunction(problems, functions, $"mutation {mutation.Name}", mutation.FunctionName, mutation.Parameters.Length, expected,
                _ => true,
                f => IsMutationResponse(f) ? null : $"returns {(f.ReturnsSet ? "setof " : "")}{f.ReturnType}{Columns(f)}; expected mutation_response (a composite with a \"status\" column, or \"succeeded\" and \"state_changed\")");
            CheckParameterOrder(problems, functions, mutation);
        }
        foreach (var subscribe in schema.Subscribes)
        {
            var takesContext = handlersMayTakeContext;
            var expected = SqlName.Parse(subscribe.Handler) + (takesContext ? "(p_event jsonb) or (p_event jsonb, p_context jsonb)" : "(p_event jsonb)");
            CheckFunction(problems, functions, $"[[observers.subscribe]] {subscribe.Subject}", subscribe.Handler, 1, expected,
                f => f.ArgumentTypes is ["jsonb", ..] && (f.Accepts(1) || (takesContext && f.ArgumentTypes is ["jsonb", "jsonb"])),
                _ => null,
                alsoAccepts: takesContext ? 2 : null);
        }
        foreach (var respond in responders)
        {
            var expected = $"{SqlName.Parse(respond.Handler)}(p_request jsonb) returning jsonb";
            CheckFunction(problems, functions, $"[[observers.respond]] {respond.Subject}", respond.Handler, 1, expected,
                f => f.ArgumentTypes is ["jsonb", ..],
                f => f.ReturnType is "jsonb" or "json" && !f.ReturnsSet ? null : $"returns {(f.ReturnsSet ? "setof " : "")}{f.ReturnType}; expected jsonb");
        }
        return new SqlContractReport(problems, views.Count, functionNames.Distinct().Count());
    }

    /// <summary>
    /// One row of each view whose columns are right: a key of a non-null field that is missing from its jsonb column, or
    /// null there, would answer null where GraphQL allows none (a key spelt <c>'createdAt'</c> for <c>created_at</c>).
    /// An empty view, an abstract return type, or a view the check's connection may not read (row-level security) is
    /// skipped.
    /// </summary>
    private static async Task CheckSampleRowsAsync(NpgsqlConnection connection, SchemaDescriptor schema, HashSet<string> sound,
        List<string> problems, CancellationToken cancellationToken)
    {
        var groups = schema.Queries
            // a relay query's rows are its connection's nodes, and a count sibling's its count: neither is the return type
            .Where(q => q.Remote is null && q.NodeTypes.Length == 0 && !string.IsNullOrEmpty(q.SqlSource) && sound.Contains(q.SqlSource)
                && q.CountOf is null && q.Relay is null)
            .GroupBy(q => (q.SqlSource, q.JsonbColumn, q.ReturnType));
        foreach (var group in groups)
        {
            var (source, column, returnType) = group.Key;
            if (schema.Types.FirstOrDefault(t => t.Name == returnType) is not { } type
                || type.Fields.Where(f => f.Type.EndsWith('!')).ToList() is not { Count: > 0 } required)
            {
                continue;
            }
            string? json;
            try
            {
                await using var command = new NpgsqlCommand($"SELECT {column}::text FROM {source} WHERE {column} IS NOT NULL LIMIT 1", connection);
                json = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
            }
            catch (PostgresException)
            {
                continue; // not readable without a request's session settings (row-level security): not checked
            }
            if (json is null)
            {
                continue;
            }
            var who = (group.Count() == 1 ? "query " : "queries ") + string.Join(", ", group.Select(q => q.Name));
            var name = SqlName.Parse(source);
            var columnName = SqlName.Parse(column).Name;
            using var document = System.Text.Json.JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                problems.Add($"{who}: column \"{columnName}\" of view {name} holds a {root.ValueKind.ToString().ToLowerInvariant()} in its first row; expected an object with the fields of {returnType}");
                continue;
            }
            foreach (var field in required)
            {
                if (!root.TryGetProperty(field.StorageKey, out var value) || value.ValueKind == System.Text.Json.JsonValueKind.Null)
                {
                    problems.Add($"{who}: column \"{columnName}\" of view {name} has {(value.ValueKind == System.Text.Json.JsonValueKind.Null ? "null at" : "no")} key \"{field.StorageKey}\" in its first row, for the non-null field {returnType}.{field.Name} ({field.Type}): it would answer null where GraphQL allows none; its keys are {Describe(root.EnumerateObject().Select(p => p.Name))}");
                }
            }
        }
    }

    private static ColumnRequirement DataColumn(string quotedColumn)
    {
        var column = SqlName.Parse(quotedColumn).Name;
        return new ColumnRequirement(column, "jsonb", $"a jsonb column \"{column}\"");
    }

    /// <summary>
    /// One problem line at most for a function: missing, none taking <paramref name="arguments"/> arguments (nor
    /// <paramref name="alsoAccepts"/>), arguments of the wrong type, or the wrong return type.
    /// </summary>
    private static void CheckFunction(List<string> problems, IReadOnlyList<CatalogFunction> functions, string who, string functionName,
        int arguments, string expected, Func<CatalogFunction, bool> argumentsFit, Func<CatalogFunction, string?> returnProblem, int? alsoAccepts = null)
    {
        var name = SqlName.Parse(functionName);
        var candidates = SqlCatalog.Matching(functions, name, f => (f.Schema, f.Name, f.Visible)).ToList();
        if (candidates.Count == 0)
        {
            problems.Add($"{who}: function {name} does not exist{(name.Schema is null ? " on the search path" : "")}; expected {expected}");
            return;
        }
        var callable = candidates.Where(f => f.Accepts(arguments) || (alsoAccepts is { } n && f.Accepts(n))).ToList();
        if (callable.Count == 0)
        {
            problems.Add($"{who}: function {name} takes {Arguments(candidates)}, not {arguments}: {string.Join("; ", candidates.Select(f => f.Signature))}; expected {expected}");
            return;
        }
        var fitting = callable.Where(argumentsFit).ToList();
        if (fitting.Count == 0)
        {
            problems.Add($"{who}: function {string.Join("; ", callable.Select(f => f.Signature))} has the wrong argument types; expected {expected}");
            return;
        }
        if (fitting.Select(returnProblem).ToList() is var returns && returns.All(r => r is not null))
        {
            problems.Add($"{who}: function {name} {returns[0]}");
        }
    }

    /// <summary>
    /// Arguments are bound by position: a function whose parameters carry the schema's names in another order would get
    /// their values swapped (a title stored as the author), with no error as long as their types agree.
    /// </summary>
    private static void CheckParameterOrder(List<string> problems, IReadOnlyList<CatalogFunction> functions, MutationDescriptor mutation)
    {
        var expected = mutation.Parameters.Select(p => p.Name).ToList();
        foreach (var function in SqlCatalog.Matching(functions, SqlName.Parse(mutation.FunctionName), f => (f.Schema, f.Name, f.Visible)))
        {
            if (!function.Accepts(expected.Count) || function.ArgumentNames.Count < expected.Count)
            {
                continue;
            }
            var declared = function.ArgumentNames.Take(expected.Count).ToList();
            if (!declared.SequenceEqual(expected, StringComparer.Ordinal)
                && declared.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                problems.Add($"mutation {mutation.Name}: function {function.Name} declares its parameters as ({string.Join(", ", declared)}), but they are bound by position as ({string.Join(", ", expected)}): their values would be swapped; declare them in the schema's order");
            }
        }
    }

    private static string Arguments(IEnumerable<CatalogFunction> candidates) =>
        string.Join(" or ", candidates.Select(f => f.DefaultedArguments == 0 ? $"{f.ArgumentTypes.Count}" : $"{f.ArgumentTypes.Count - f.DefaultedArguments} to {f.ArgumentTypes.Count}").Distinct())
        + " argument(s)";

    /// <summary>The two shapes <see cref="MutationResponseReader"/> accepts, recognised by column names.</summary>
    private static bool IsMutationResponse(CatalogFunction function) =>
        function.ResultColumns.Contains("status") || (function.ResultColumns.Contains("succeeded") && function.ResultColumns.Contains("state_changed"));

    private static string Columns(CatalogFunction function) =>
        function.ResultColumns.Count == 0 ? "" : $" ({Describe(function.ResultColumns)})";

    private static string Describe(IEnumerable<string> columns) =>
        columns.Any() ? string.Join(", ", columns.Select(c => $"\"{c}\"")) : "no columns";
}
