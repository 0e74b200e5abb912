using FraiseQL.Execution;
using FraiseQL.Schema;
using FraiseQL.Validation;

namespace FraiseQL.Runtime.Security.Authorization;

/// <summary>
/// Checks a validated operation against schema.json's <c>requires_role</c> (operations and their return types) and
/// <c>requires_scope</c> (fields, at any depth) before any SQL runs. A missing operation role yields a "not found"
/// style error that does not reveal the operation exists (FORMATS §1.8); a missing field scope yields FORBIDDEN at
/// the field's path, or masks the field when its <c>on_deny</c> is <c>mask</c>.
/// </summary>
public sealed class OperationAuthorizer(SchemaIndex schema)
{
    // Without a requires_scope anywhere in the schema there is nothing to check below the root fields: the walk over
    // every selected field (on every request) is skipped.
    private readonly bool _anyFieldScoped =
        schema.ObjectFields.Values.Any(fields => fields.Values.Any(f => f.RequiresScope is not null))
        || schema.InterfaceFields.Values.Any(fields => fields.Values.Any(f => f.RequiresScope is not null));

    // An object type with a requires_role that an interface- or union-typed field can resolve to (a cascade entry's
    // entity, say): fields selected on it with a fragment need the walk too, to mask them for callers without the role.
    private readonly bool _anyRoleGatedAbstractMember =
        schema.Objects.Values.Any(o => o.RequiresRole is not null && (o.Implements.Length > 0 || schema.Unions.Values.Any(u => u.MemberTypes.Contains(o.Name, StringComparer.Ordinal))));

    // Nor, without any requires_role either, is there anything to check at all.
    private readonly bool _anyRoleRequired =
        schema.Queries.Values.Any(q => q.RequiresRole is not null)
        || schema.Mutations.Values.Any(m => m.RequiresRole is not null)
        || schema.Subscriptions.Values.Any(s => s.RequiresRole is not null)
        || schema.Objects.Values.Any(o => o.RequiresRole is not null);

    public AuthorizationResult Authorize(OperationKind kind, IReadOnlyList<FieldSelection> rootFields, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(rootFields);
        ArgumentNullException.ThrowIfNull(context);
        if (!_anyRoleRequired && !_anyFieldScoped)
        {
            return AuthorizationResult.Allowed;
        }
        List<GraphQLError>? denials = null;
        HashSet<FieldSelection>? maskedSelections = null;
        HashSet<string>? maskedPaths = null;
        var rootType = kind switch
        {
            OperationKind.Query => "Query",
            OperationKind.Mutation => "Mutation",
            _ => "Subscription",
        };

        foreach (var root in rootFields)
        {
            if (root.FieldName.StartsWith("__", StringComparison.Ordinal))
            {
                continue; // __typename, __schema, __type: introspection is filtered separately
            }
            var (requiredRole, returnType) = Describe(kind, root.FieldName);
            if (returnType is null)
            {
                continue; // unknown fields are the validator's business
            }
            var returnTypeName = TypeRef.Parse(returnType).NamedType;
            var typeRole = schema.Objects.TryGetValue(returnTypeName, out var returnObject) ? returnObject.RequiresRole : null;
            var missingRole = MissingRole(requiredRole, context) ?? MissingRole(typeRole, context);
            if (missingRole is not null)
            {
                (denials ??= []).Add(new GraphQLError(DocumentValidator.CannotQueryField(root.FieldName, rootType), DocumentValidator.Code)
                {
                    Locations = [root.Location],
                    Path = [root.ResponseName],
                });
                continue;
            }
            if (_anyFieldScoped || _anyRoleGatedAbstractMember)
            {
                Walk(returnTypeName, root.Selections, [root.ResponseName], context, ref denials, ref maskedSelections, ref maskedPaths);
            }
        }

        if (denials is null && maskedSelections is null)
        {
            return AuthorizationResult.Allowed;
        }
        return new AuthorizationResult(
            denials ?? [],
            maskedSelections ?? new HashSet<FieldSelection>(ReferenceEqualityComparer.Instance),
            maskedPaths ?? new HashSet<string>(StringComparer.Ordinal));
    }

    /// <summary>Whether the caller may see a root operation at all (used to filter introspection).</summary>
    public bool CanSeeOperation(OperationKind kind, string fieldName, RequestContext context)
    {
        var (requiredRole, returnType) = Describe(kind, fieldName);
        if (returnType is null)
        {
            return true; // not a declared operation (synthesized field): nothing declared to hide
        }
        var typeRole = schema.Objects.TryGetValue(TypeRef.Parse(returnType).NamedType, out var returnObject) ? returnObject.RequiresRole : null;
        return MissingRole(requiredRole, context) is null && MissingRole(typeRole, context) is null;
    }

    /// <summary>
    /// Whether introspection shows field <paramref name="fieldName"/> of <paramref name="typeName"/> to the caller:
    /// root operations need their roles (<see cref="CanSeeOperation"/>); other fields are hidden when they require a
    /// scope the caller lacks and reject on deny (masked fields stay visible: they resolve to null).
    /// </summary>
    public bool CanSeeField(string typeName, string fieldName, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (typeName)
        {
            case "Query": return CanSeeOperation(OperationKind.Query, fieldName, context);
            case "Mutation": return CanSeeOperation(OperationKind.Mutation, fieldName, context);
            case "Subscription": return CanSeeOperation(OperationKind.Subscription, fieldName, context);
        }
        var field = schema.FindField(typeName, fieldName);
        return field?.RequiresScope is not { } scope
            || string.Equals(field.OnDeny, "mask", StringComparison.OrdinalIgnoreCase)
            || ScopeMatcher.Grants(context.Scopes, scope);
    }

    private (string? RequiredRole, string? ReturnType) Describe(OperationKind kind, string fieldName) => kind switch
    {
        OperationKind.Query when schema.Queries.TryGetValue(fieldName, out var q) => (q.RequiresRole, q.ReturnType),
        OperationKind.Mutation when schema.Mutations.TryGetValue(fieldName, out var m) => (m.RequiresRole, m.ReturnType),
        OperationKind.Subscription when schema.Subscriptions.TryGetValue(fieldName, out var s) => (s.RequiresRole, s.ReturnType),
        _ => (null, null),
    };

    private static string? MissingRole(string? requiredRole, RequestContext context) =>
        requiredRole is null || context.Roles.Contains(requiredRole, StringComparer.Ordinal) ? null : requiredRole;

    private void Walk(
        string parentType,
        IReadOnlyList<FieldSelection> selections,
        List<object> path,
        RequestContext context,
        ref List<GraphQLError>? denials,
        ref HashSet<FieldSelection>? maskedSelections,
        ref HashSet<string>? maskedPaths)
    {
        // path is the response path of the parent: extended in place while walking down, copied only for a
        // denial or a mask (most fields have neither, and this runs on every request)
        for (var i = 0; i < selections.Count; i++)
        {
            var selection = selections[i];
            if (selection.FieldName.StartsWith("__", StringComparison.Ordinal))
            {
                continue;
            }
            var owner = selection.TypeCondition ?? parentType;
            if (owner != parentType && schema.Objects.TryGetValue(owner, out var ownerType) && MissingRole(ownerType.RequiresRole, context) is not null)
            {
                // a fragment on a type whose requires_role the caller lacks (e.g. a cascade entity of that type): null
                (maskedSelections ??= new HashSet<FieldSelection>(ReferenceEqualityComparer.Instance)).Add(selection);
                (maskedPaths ??= new HashSet<string>(StringComparer.Ordinal)).Add(string.Join('.', [.. path, selection.ResponseName]));
                continue;
            }
            var field = schema.FindField(owner, selection.FieldName);
            if (field is null)
            {
                continue;
            }
            if (field.RequiresScope is { } scope && !ScopeMatcher.Grants(context.Scopes, scope))
            {
                List<object> fieldPath = [.. path, selection.ResponseName];
                if (string.Equals(field.OnDeny, "mask", StringComparison.OrdinalIgnoreCase))
                {
                    (maskedSelections ??= new HashSet<FieldSelection>(ReferenceEqualityComparer.Instance)).Add(selection);
                    (maskedPaths ??= new HashSet<string>(StringComparer.Ordinal)).Add(string.Join('.', fieldPath));
                    continue;
                }
                (denials ??= []).Add(new GraphQLError(
                    $"Not authorized to read {owner}.{field.Name}: it requires scope \"{scope}\", which your roles do not grant.",
                    "FORBIDDEN")
                {
                    Locations = [selection.Location],
                    Path = fieldPath,
                    Extensions = new Dictionary<string, object?> { ["requiredScope"] = scope },
                });
                continue;
            }
            if (selection.Selections.Count > 0)
            {
                path.Add(selection.ResponseName);
                Walk(TypeRef.Parse(field.Type).NamedType, selection.Selections, path, context, ref denials, ref maskedSelections, ref maskedPaths);
                path.RemoveAt(path.Count - 1);
            }
        }
    }
}
