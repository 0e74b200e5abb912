namespace FraiseQL.Runtime.Security.Authorization;

/// <summary>
/// Whether granted scopes satisfy a required one: exact match, <c>*</c>, or a trailing wildcard
/// (<c>read:*</c> grants <c>read:User.salary</c>; <c>read:User.*</c> grants <c>read:User.salary</c>).
/// </summary>
public static class ScopeMatcher
{
    public static bool Grants(IReadOnlyList<string> granted, string required)
    {
        foreach (var scope in granted)
        {
            if (string.Equals(scope, required, StringComparison.Ordinal) || scope == "*")
            {
                return true;
            }
            if (scope.Length > 1 && scope[^1] == '*' && required.StartsWith(scope.AsSpan(0, scope.Length - 1), StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
