using System.Globalization;

namespace FraiseQL.Benchmarks.Events;

/// <summary>Whole-machine CPU time from /proc/stat (Linux), to report how busy the shared cores were during a run.</summary>
internal static class MachineCpu
{
    public readonly record struct Sample(long Busy, long Total);

    public static Sample Read()
    {
        if (!File.Exists("/proc/stat"))
        {
            return default;
        }
        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        var total = fields.Take(Math.Min(fields.Length, 8)).Sum();
        return new Sample(total - idle, total);
    }

    public static double BusyPercent(Sample before, Sample after) =>
        after.Total == before.Total ? double.NaN : 100.0 * (after.Busy - before.Busy) / (after.Total - before.Total);
}
