using FraiseQL.Configuration;

namespace FraiseQL.Runtime.Tests;

/// <summary>
/// Values of <c>[observers.stream]</c> and <c>[observers.consumer]</c> that make no sense stop start-up naming the key
/// and the file. Before, <c>max_age = "forever"</c> started a service that reported ready while its relay failed on
/// every event (the stream is created on the first publish), for ever; a negative redelivery delay was taken as is.
/// </summary>
public sealed class EventsConfigurationValueTests
{
    private static FraiseQLConfig Parse(string toml) => FraiseQLConfigLoader.Parse(toml, "fraiseql.toml", _ => null);

    [Theory]
    [InlineData("[observers.stream]\nmax_age = \"forever\"\n",
        "fraiseql.toml: [observers.stream] max_age: expected a duration: a number followed by ms, s, m, h or d (e.g. \"7d\", \"30m\"), got \"forever\"")]
    [InlineData("[observers.stream]\nmax_age = \"1w\"\n",
        "fraiseql.toml: [observers.stream] max_age: expected a duration: a number followed by ms, s, m, h or d (e.g. \"7d\", \"30m\"), got \"1w\"")]
    [InlineData("[observers.consumer]\nbackoff_ms = [1000, -1]\n",
        "fraiseql.toml: [observers.consumer] backoff_ms: expected delays of 0 ms or more, got -1")]
    public void Stream_and_consumer_values_that_make_no_sense_stop_start_up(string toml, string message)
    {
        var ex = Assert.Throws<FraiseQLConfigurationException>(() => Parse(toml));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Durations_and_limits_in_range_are_read()
    {
        var config = Parse("[observers.stream]\nmax_age = \"36h\"\n[observers.consumer]\nbackoff_ms = [0, 500]\n");
        Assert.Equal("36h", config.Observers.Stream.MaxAge);
        Assert.Equal([0, 500], config.Observers.Consumer.BackoffMs);
        Assert.Equal("7d", Parse("").Observers.Stream.MaxAge);
    }

    [Fact]
    public void A_max_age_from_the_environment_is_checked_once_resolved()
    {
        var ex = Assert.Throws<FraiseQLConfigurationException>(() =>
            FraiseQLConfigLoader.Parse("[observers.stream]\nmax_age = \"${MAX_AGE:-7d}\"\n", "fraiseql.toml", name => name == "MAX_AGE" ? "7 days" : null));
        Assert.Contains("[observers.stream] max_age", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"7 days\"", ex.Message, StringComparison.Ordinal);
    }
}
