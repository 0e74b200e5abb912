namespace FraiseQL.Runtime.Security.Configuration;

/// <summary>A security setting in fraiseql.toml is invalid; the message names the key and what to fix.</summary>
public sealed class SecurityConfigurationException : Exception
{
    public SecurityConfigurationException(string message) : base(message) { }

    public SecurityConfigurationException(string message, Exception inner) : base(message, inner) { }
}
