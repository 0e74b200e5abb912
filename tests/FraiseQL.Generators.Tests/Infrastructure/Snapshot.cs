using System.Runtime.CompilerServices;

namespace FraiseQL.Generators.Tests.Infrastructure;

/// <summary>
/// Minimal snapshot testing: compares text with <c>&lt;TestClass&gt;.&lt;name&gt;.verified.cs</c> beside the test
/// file. On a mismatch (or a missing verified file) writes <c>*.received.cs</c> and fails with a diff summary.
/// Accept with <c>FRAISEQL_ACCEPT_SNAPSHOTS=1</c> (overwrites verified files) or tests/accept-snapshots.sh.
/// </summary>
public static class Snapshot
{
    public static void Verify(string actual, string name, [CallerFilePath] string testFile = "", [CallerMemberName] string member = "")
    {
        _ = member;
        var dir = Path.GetDirectoryName(testFile)!;
        var cls = Path.GetFileNameWithoutExtension(testFile);
        var verified = Path.Combine(dir, "Snapshots", $"{cls}.{name}.verified.cs");
        var received = Path.Combine(dir, "Snapshots", $"{cls}.{name}.received.cs");
        actual = actual.Replace("\r\n", "\n");
        Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
        if (Environment.GetEnvironmentVariable("FRAISEQL_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }
        if (!File.Exists(verified))
        {
            File.WriteAllText(received, actual);
            Assert.Fail($"No verified snapshot {verified}. Wrote {received}; review it and accept (see tests/FraiseQL.Generators.Tests/README.md).");
        }
        var expected = File.ReadAllText(verified).Replace("\r\n", "\n");
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail($"Snapshot {verified} differs. Wrote {received}.\n{DiffSummary(expected, actual)}");
    }

    /// <summary>The first differing lines, with line numbers.</summary>
    public static string DiffSummary(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var lines = new List<string> { $"expected {e.Length} lines, received {a.Length} lines" };
        var shown = 0;
        for (var i = 0; i < Math.Max(e.Length, a.Length) && shown < 10; i++)
        {
            var el = i < e.Length ? e[i] : "<none>";
            var al = i < a.Length ? a[i] : "<none>";
            if (el != al)
            {
                lines.Add($"line {i + 1}:\n  - {el}\n  + {al}");
                shown++;
            }
        }
        return string.Join("\n", lines);
    }
}
