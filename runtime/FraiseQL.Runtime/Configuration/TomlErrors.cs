using Tomlyn;

namespace FraiseQL.Configuration;

/// <summary>
/// Tomlyn wraps a syntax error in conversion errors ("(8,1) : error : Exception while trying to convert TOML value to
/// type 'Tomlyn.Model.TomlTable' using converter '…'. Reason: (8,12) : error : Unexpected token `$` while parsing a
/// value."): the innermost <see cref="TomlException"/> has the position of the offending token and the message that
/// says what is wrong there, without the position and severity Tomlyn puts in front of it.
/// </summary>
internal static class TomlErrors
{
    private const string Severity = " : error : ";

    public static (int? Line, int? Column, string Message) Describe(TomlException error)
    {
        var innermost = error;
        for (var e = error.InnerException; e is not null; e = e.InnerException)
        {
            if (e is TomlException { Line: not null } toml)
            {
                innermost = toml;
            }
        }
        var message = innermost.Message;
        var severity = message.IndexOf(Severity, StringComparison.Ordinal);
        if (severity >= 0 && message.StartsWith('('))
        {
            message = message[(severity + Severity.Length)..];
        }
        return (innermost.Line, innermost.Column, message.Trim());
    }
}
