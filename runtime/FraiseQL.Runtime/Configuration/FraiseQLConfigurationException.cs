using FraiseQL.Hosting;

namespace FraiseQL.Configuration;

/// <summary>
/// A missing or invalid setting in fraiseql.toml (or the FraiseQL configuration section).
/// Thrown at start-up; the message names the file and the key, e.g.
/// <c>fraiseql.toml: [database] pool_max: expected an integer, got "x"</c>.
/// </summary>
public sealed class FraiseQLConfigurationException : FraiseQLStartupException
{
    public FraiseQLConfigurationException(string message)
        : base(message)
    {
    }

    public FraiseQLConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
