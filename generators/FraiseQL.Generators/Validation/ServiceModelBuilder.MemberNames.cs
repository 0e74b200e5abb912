using System;
using System.Collections.Generic;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Validation;

internal sealed partial class ServiceModelBuilder
{
    /// <summary>
    /// Gives each operation its final member name in its generated class (<c>Queries.Equals</c> would hide
    /// <c>object.Equals</c>, so it is <c>Queries.EqualsQuery</c>) and reports two operations whose final names
    /// coincide (a query <c>equals</c> and a query <c>equals_query</c>): FQL0108, not a CS0102 in generated code.
    /// </summary>
    private List<T> NameMembers<T>(List<T> operations, string className, string suffix,
        Func<T, (string Pascal, string Declared, FileSpan Span)> describe, Func<T, string, T> rename)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var result = new List<T>(operations.Count);
        foreach (var operation in operations)
        {
            var (pascal, declared, span) = describe(operation);
            var member = CSharpMemberNames.StaticMember(pascal, className, suffix);
            if (seen.TryGetValue(member, out var other))
            {
                Report("FQL0108", span, $"Members of {className}", other, declared, member);
                continue;
            }
            seen[member] = declared;
            result.Add(rename(operation, member));
        }
        return result;
    }
}
