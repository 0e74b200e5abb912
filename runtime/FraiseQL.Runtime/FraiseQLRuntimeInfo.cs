namespace FraiseQL.Runtime;

internal static class FraiseQLRuntimeInfo
{
    public const string Name = "FraiseQL.Runtime";
}
