using System.Globalization;
using System.Text.Json;
using FraiseQL.Schema;

namespace FraiseQL.Events;

/// <summary>
/// The argument filters of one subscription call: for every filter whose argument was given a non-null value,
/// the payload value at the filter's path must equal it (strings ordinal, UUID-shaped strings case-insensitively,
/// numbers numerically, booleans). Null/absent arguments do not filter.
/// </summary>
public sealed class SubscriptionFilter
{
    private readonly (string[] Path, object Value)[] _conditions;

    public SubscriptionFilter(SubscriptionDescriptor subscription, IReadOnlyDictionary<string, object?> arguments)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(arguments);
        _conditions = subscription.Filters
            .Where(f => arguments.TryGetValue(f.Argument, out var v) && v is not null)
            .Select(f => (f.Path, arguments[f.Argument]!))
            .ToArray();
    }

    public bool IsEmpty => _conditions.Length == 0;

    public bool Matches(JsonElement payload)
    {
        foreach (var (path, expected) in _conditions)
        {
            var current = payload;
            foreach (var key in path)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(key, out current))
                {
                    return false;
                }
            }
            if (!ValueEquals(current, expected))
            {
                return false;
            }
        }
        return true;
    }

    private static bool ValueEquals(JsonElement actual, object expected) => expected switch
    {
        string s => actual.ValueKind == JsonValueKind.String && StringEquals(actual.GetString()!, s)
                    || actual.ValueKind == JsonValueKind.Number && actual.GetRawText() == s,
        bool b => actual.ValueKind == (b ? JsonValueKind.True : JsonValueKind.False),
        long l => actual.ValueKind == JsonValueKind.Number && actual.TryGetDecimal(out var d) && d == l
                  || actual.ValueKind == JsonValueKind.String && actual.GetString() == l.ToString(CultureInfo.InvariantCulture),
        int i => actual.ValueKind == JsonValueKind.Number && actual.TryGetDecimal(out var d) && d == i,
        double x => actual.ValueKind == JsonValueKind.Number && actual.TryGetDouble(out var d) && d.Equals(x),
        decimal m => actual.ValueKind == JsonValueKind.Number && actual.TryGetDecimal(out var d) && d == m
                     || actual.ValueKind == JsonValueKind.String && decimal.TryParse(actual.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var sd) && sd == m,
        Guid g => actual.ValueKind == JsonValueKind.String && Guid.TryParse(actual.GetString(), out var ag) && ag == g,
        _ => false,
    };

    private static bool StringEquals(string actual, string expected) =>
        string.Equals(actual, expected, StringComparison.Ordinal)
        || (Guid.TryParse(actual, out var a) && Guid.TryParse(expected, out var e) && a == e);
}
