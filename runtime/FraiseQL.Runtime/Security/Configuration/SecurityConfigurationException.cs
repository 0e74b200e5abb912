using FraiseQL.Hosting;

namespace FraiseQL.Runtime.Security.Configuration;

/// <summary>
/// A security setting in fraiseql.toml is invalid; the message names the key and what to fix. A start-up error: uncaught,
/// it ends the process with that message and exit code 1.
/// </summary>
public sealed class SecurityConfigurationException : FraiseQLStartupException
{
    public SecurityConfigurationException(string message) : base(message) { }

    public SecurityConfigurationException(string message, Exception inner) : base(message, inner) { }
}
