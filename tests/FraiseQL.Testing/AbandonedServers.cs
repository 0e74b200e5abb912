using System.Globalization;

namespace FraiseQL.Testing;

/// <summary>
/// Servers a test run left behind because it was killed before its fixtures were disposed (a timeout, Ctrl-C, a
/// crashed test host). Each server's directory records the test process that owns it; the next run stops the servers
/// whose owner is gone and removes their directories, so no process outlives its run by more than one run. A server
/// whose owner still runs (another test assembly at the same time) is left alone.
/// </summary>
internal static class AbandonedServers
{
    private const string OwnerFile = "owner.pid";

    /// <summary>Records this test process as the owner of the server in <paramref name="root"/>.</summary>
    public static void MarkOwner(string root) =>
        File.WriteAllText(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Directories named <paramref name="prefix"/>* in the temp directory whose owner process has exited.</summary>
    public static IEnumerable<string> Find(string prefix)
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), prefix + "*"))
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(directory, OwnerFile));
            }
            catch (IOException)
            {
                continue; // no owner recorded (yet): not ours to judge
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var owner) && !IsAlive(owner))
            {
                yield return directory;
            }
        }
    }

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");

    public static void Remove(string directory)
    {
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
