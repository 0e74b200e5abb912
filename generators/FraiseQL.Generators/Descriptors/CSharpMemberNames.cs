using System.Collections.Generic;

namespace FraiseQL.Generators.Descriptors;

/// <summary>
/// C# member names of generated code. A member may not be named like its class (CS0542) nor like a member every
/// class or record already has (<c>Equals</c>, <c>ToString</c>, <c>GetType</c>, a record's <c>EqualityContract</c>…,
/// CS0108/CS0102): such a name gets a suffix. The validator checks the final names for collisions, so the two
/// always agree.
/// </summary>
internal static class CSharpMemberNames
{
    /// <summary>Members of <see cref="object"/> a generated member would hide.</summary>
    private static readonly HashSet<string> ObjectMembers = new(System.StringComparer.Ordinal)
    {
        "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "ReferenceEquals", "Finalize",
    };

    /// <summary>Members the compiler synthesizes on every record.</summary>
    private static readonly HashSet<string> RecordMembers = new(System.StringComparer.Ordinal)
    {
        "EqualityContract", "PrintMembers", "Deconstruct",
    };

    /// <summary>A property of a generated record: PascalCase, <c>Value</c> appended when the name is taken.</summary>
    public static string Property(string graphQLName, string className)
    {
        var p = NameCasing.ToPascal(graphQLName);
        return p == className || ObjectMembers.Contains(p) || RecordMembers.Contains(p) ? p + "Value" : p;
    }

    /// <summary>A static member of a generated class (<c>Queries.Orders</c>, <c>Subjects.ShopOrderCreated</c>):
    /// <paramref name="suffix"/> appended when the name is taken.</summary>
    public static string StaticMember(string pascal, string className, string suffix) =>
        pascal == className || ObjectMembers.Contains(pascal) ? pascal + suffix : pascal;
}
