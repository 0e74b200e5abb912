using System.Globalization;
using System.Runtime;

namespace FraiseQL.Benchmarks.Events;

/// <summary>The JIT's work so far (methods compiled, time spent), to report how much of it fell inside a measured run.</summary>
internal readonly record struct JitActivity(long Methods, TimeSpan Time)
{
    public static JitActivity Now() => new(JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());

    /// <summary>Methods compiled since this reading.</summary>
    public long MethodsSince() => JitInfo.GetCompiledMethodCount() - Methods;

    /// <summary>"N method(s) in T ms" since this reading.</summary>
    public string DescribeSince() =>
        string.Create(CultureInfo.InvariantCulture, $"{MethodsSince()} method(s) in {(JitInfo.GetCompilationTime() - Time).TotalMilliseconds:0} ms");
}
