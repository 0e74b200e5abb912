using FraiseQL.Execution;
using FraiseQL.Runtime.Security.Authorization;
using FraiseQL.Schema;

namespace FraiseQL.Sql;

/// <summary>
/// A field's <c>requires_scope</c> guards its value in every use, not only in the selection: a caller without the
/// scope may neither filter on the field (<c>where</c>: <c>{total: {gt: 1000}}</c> would tell which rows have it) nor
/// sort by it (the order, and a relay cursor that carries the sort values, would too), whatever its <c>on_deny</c>.
/// Such a use is a FORBIDDEN error at the root field, before any SQL runs. Checked on every request: the statement
/// cache keys on the argument's shape, not on the caller.
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

    /// <summary>The element fields an operand of a list-of-objects filter names (<c>{items: {contains: [{price: 5}]}}</c>).</summary>
    public static void RequireOperandKeys(object? operand, IReadOnlyDictionary<string, FieldDescriptor> elementFields, string owner,
        RequestContext context, FieldSelection field, string path)
    {
        switch (operand)
        {
            case IReadOnlyList<object?> list:
                foreach (var item in list)
                {
                    RequireOperandKeys(item, elementFields, owner, context, field, path);
                }
                return;
            case IReadOnlyDictionary<string, object?> map:
                foreach (var key in map.Keys)
                {
                    if (elementFields.TryGetValue(key, out var descriptor))
                    {
                        Require(descriptor, owner, context, field, path, "filter on");
                    }
                }
                return;
        }
    }
}
