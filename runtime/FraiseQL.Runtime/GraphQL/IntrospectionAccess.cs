using FraiseQL.Execution;

namespace FraiseQL.GraphQL;

/// <summary>
/// Who may ask for <c>__schema</c> and <c>__type</c> (<c>[server] introspection</c>, <c>introspection_roles</c>):
/// everyone (the default), callers with one of the given roles, or no one. <c>__typename</c> is always answered (the
/// GraphQL spec makes it part of every selection, not of introspection). A refused request fails before anything runs
/// (INTROSPECTION_DISABLED), the same for every caller it refuses.
/// </summary>
public sealed class IntrospectionAccess(bool enabled, IReadOnlyList<string> roles)
{
    public const string DisabledCode = "INTROSPECTION_DISABLED";

    /// <summary>Everyone may introspect.</summary>
    public static IntrospectionAccess Open { get; } = new(enabled: true, []);

    public bool Allows(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!enabled)
        {
            return false;
        }
        if (roles.Count == 0)
        {
            return true;
        }
        foreach (var role in roles)
        {
            if (context.Roles.Contains(role, StringComparer.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The error for a refused introspection field at <paramref name="location"/>.</summary>
    public GraphQLError Refused(SourceLocation location) =>
        new(enabled
            ? "Introspection (__schema, __type) is limited to some roles here ([server] introspection_roles), and yours are not among them."
            : "Introspection (__schema, __type) is disabled on this server ([server] introspection = false).", DisabledCode)
        {
            Locations = location.Line > 0 ? [location] : [],
        };
}
