using System.Globalization;

namespace FraiseQL.Events;

/// <summary>Parses the toml duration strings "7d", "12h", "30m", "45s", "500ms".</summary>
public static class DurationText
{
    public static TimeSpan Parse(string text, string key)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        var unitStart = 0;
        while (unitStart < t.Length && char.IsAsciiDigit(t[unitStart]))
        {
            unitStart++;
        }
        if (unitStart == 0 || !long.TryParse(t.AsSpan(0, unitStart), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new FormatException($"{key} = \"{text}\" is not a duration; write a number followed by ms, s, m, h or d (e.g. \"7d\", \"30m\").");
        }
        return t[unitStart..] switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            _ => throw new FormatException($"{key} = \"{text}\" has an unknown unit '{t[unitStart..]}'; use ms, s, m, h or d (e.g. \"7d\", \"30m\")."),
        };
    }
}
