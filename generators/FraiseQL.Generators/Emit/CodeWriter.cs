using System.Text;

namespace FraiseQL.Generators.Emit;

/// <summary>Indented text writer with \n line endings (deterministic across platforms).</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    public CodeWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _sb.Append(' ', _indent * 4);
        }
        _sb.Append(text).Append('\n');
        return this;
    }

    /// <summary>Appends text as-is (used for raw string literal contents that must not be indented).</summary>
    public CodeWriter Raw(string text)
    {
        _sb.Append(text);
        return this;
    }

    public CodeWriter Open(string text)
    {
        Line(text);
        Line("{");
        _indent++;
        return this;
    }

    public CodeWriter Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
        return this;
    }

    public CodeWriter Indent()
    {
        _indent++;
        return this;
    }

    public CodeWriter Outdent()
    {
        _indent--;
        return this;
    }

    public CodeWriter Summary(string? text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            Line("/// <summary>" + CSharp.Xml(text!) + "</summary>");
        }
        return this;
    }

    public override string ToString() => _sb.ToString();
}
