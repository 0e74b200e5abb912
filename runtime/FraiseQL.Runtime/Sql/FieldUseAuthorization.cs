using FraiseQL.Execution;
using FraiseQL.Runtime.Security.Authorization;
using FraiseQL.Schema;

namespace FraiseQL.Sql;

/// <summary>
/// A field's <c>requires_scope</c> guards its value in every use, not only in the selection: a caller without the
/// scope may neither filter on the field (<c>where</c>: <c>{total: {gt: 1000}}</c> would tell which rows have it) nor
/// sort by it (the order, and a relay cursor that carries the sort values, would too), whatever its <c>on_deny</c>.
/// Such a use is a FORBIDDEN error at the root field, before any SQL runs. That includes the keys of a list filter's
/// JSON operand (<c>{lines: {array_contains: [{unitCost: 5}]}}</c>), however spelled and at any depth
/// (<see cref="ObjectListOperandWriter"/>). Checked on every request: the statement cache keys on the argument's
/// shape, not on the caller, and a cache hit still compiles the parameters, which runs these checks.
/// </summary>
internal static class FieldUseAuthorization
{
    public static void Require(FieldDescriptor descriptor, string owner, RequestContext context, FieldSelection field, string path, string use)
    {
        if (descriptor.RequiresScope is { } scope && !ScopeMatcher.Grants(context.Scopes, scope))
        {
            throw SqlErrors.Create(field,
                $"{path}: cannot {use} {owner}.{descriptor.Name}: it requires scope \"{scope}\", which your roles do not grant.",
                "FORBIDDEN", new Dictionary<string, object?> { ["requiredScope"] = scope });
        }
    }
}
