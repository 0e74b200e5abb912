using System.Globalization;

namespace FraiseQL.Events;

/// <summary>Parses the toml duration strings "7d", "12h", "30m", "45s", "500ms".</summary>
public static class DurationText
{
    public static TimeSpan Parse(string text, string key)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var duration)
            ? duration
            : throw new FormatException($"{key} = \"{text}\" is not a duration; write a number followed by ms, s, m, h or d (e.g. \"7d\", \"30m\").");
    }

    /// <summary>Whether <paramref name="text"/> is a duration <see cref="Parse"/> reads (fraiseql.toml is checked with it at start).</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        var unitStart = 0;
        while (unitStart < t.Length && char.IsAsciiDigit(t[unitStart]))
        {
            unitStart++;
        }
        duration = default;
        if (unitStart == 0 || !long.TryParse(t.AsSpan(0, unitStart), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }
        Func<double, TimeSpan>? unit = t[unitStart..] switch
        {
            "ms" => TimeSpan.FromMilliseconds,
            "s" => TimeSpan.FromSeconds,
            "m" => TimeSpan.FromMinutes,
            "h" => TimeSpan.FromHours,
            "d" => TimeSpan.FromDays,
            _ => null,
        };
        if (unit is null)
        {
            return false;
        }
        try
        {
            duration = unit(n);
            return true;
        }
        catch (OverflowException)
        {
            return false; // e.g. "99999999999999d"
        }
    }
}
