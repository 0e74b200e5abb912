using System.Collections.Generic;
using System.Globalization;
using System.Text;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Configuration;

/// <summary>A small strict JSON parser (RFC 8259) that records line/column spans on every node,
/// so diagnostics can point at the exact token. No System.Text.Json dependency.</summary>
internal sealed class JsonReader
{
    private const int MaxDepth = 256;
    private readonly string _path;
    private readonly string _text;
    private int _pos;
    private int _line;
    private int _lineStart;
    private readonly List<(JsonProperty Duplicate, JsonProperty First)>? _duplicates;

    private JsonReader(string path, string text, List<(JsonProperty Duplicate, JsonProperty First)>? duplicates)
    {
        _path = path;
        _text = text;
        _duplicates = duplicates;
    }

    /// <param name="duplicates">Receives every property whose name its object already has (with the first one):
    /// valid JSON, but parsers disagree on which value wins.</param>
    public static JsonNode Parse(string path, string text, List<(JsonProperty Duplicate, JsonProperty First)>? duplicates = null)
    {
        var reader = new JsonReader(path, text, duplicates);
        reader.SkipBom();
        reader.SkipWhitespace();
        var root = reader.ReadValue(0);
        reader.SkipWhitespace();
        if (reader._pos < text.Length)
        {
            throw reader.Error($"unexpected '{text[reader._pos]}' after the end of the JSON document");
        }
        return root;
    }

    private void SkipBom()
    {
        if (_text.Length > 0 && _text[0] == '\uFEFF')
        {
            _pos = 1;
            _lineStart = 1;
        }
    }

    private (int Pos, int Line, int Col) Mark() => (_pos, _line, _pos - _lineStart);

    private FileSpan SpanFrom((int Pos, int Line, int Col) start) =>
        new(_path, start.Pos, _pos - start.Pos, start.Line, start.Col, _line, _pos - _lineStart);

    private JsonSyntaxException Error(string message)
    {
        var col = _pos - _lineStart;
        var len = _pos < _text.Length ? 1 : 0;
        return new JsonSyntaxException(message, new FileSpan(_path, _pos, len, _line, col, _line, col + len));
    }

    private void SkipWhitespace()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\n' || (c == '\r' && (_pos + 1 == _text.Length || _text[_pos + 1] != '\n')))
            {
                // \n, or a \r alone (old Mac line ends), which editors and the compiler also count as a line break
                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (c == ' ' || c == '\t' || c == '\r')
            {
                _pos++;
            }
            else
            {
                return;
            }
        }
    }

    private JsonNode ReadValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("JSON nested too deeply");
        }
        if (_pos >= _text.Length)
        {
            throw Error("unexpected end of file, expected a value");
        }
        var c = _text[_pos];
        switch (c)
        {
            case '{':
                return ReadObject(depth);
            case '[':
                return ReadArray(depth);
            case '"':
            {
                var start = Mark();
                var s = ReadString();
                var node = new JsonNode(JsonKind.String, SpanFrom(start)) { Text = s };
                node.Raw = _text.Substring(start.Pos, _pos - start.Pos);
                return node;
            }
            case 't':
                return ReadLiteral("true", JsonKind.True);
            case 'f':
                return ReadLiteral("false", JsonKind.False);
            case 'n':
                return ReadLiteral("null", JsonKind.Null);
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ReadNumber();
                }
                throw Error($"unexpected '{c}', expected a value (object, array, string, number, true, false or null)");
        }
    }

    private JsonNode ReadLiteral(string literal, JsonKind kind)
    {
        var start = Mark();
        if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0)
        {
            throw Error($"unexpected '{_text[_pos]}', expected a value");
        }
        _pos += literal.Length;
        return new JsonNode(kind, SpanFrom(start)) { Raw = literal, Text = literal };
    }

    private JsonNode ReadNumber()
    {
        var start = Mark();
        if (_text[_pos] == '-')
        {
            _pos++;
        }
        if (_pos >= _text.Length || !char.IsDigit(_text[_pos]))
        {
            throw Error("invalid number: expected a digit");
        }
        if (_text[_pos] == '0')
        {
            _pos++;
        }
        else
        {
            while (_pos < _text.Length && char.IsDigit(_text[_pos]))
            {
                _pos++;
            }
        }
        if (_pos < _text.Length && _text[_pos] == '.')
        {
            _pos++;
            if (_pos >= _text.Length || !char.IsDigit(_text[_pos]))
            {
                throw Error("invalid number: expected a digit after '.'");
            }
            while (_pos < _text.Length && char.IsDigit(_text[_pos]))
            {
                _pos++;
            }
        }
        if (_pos < _text.Length && (_text[_pos] == 'e' || _text[_pos] == 'E'))
        {
            _pos++;
            if (_pos < _text.Length && (_text[_pos] == '+' || _text[_pos] == '-'))
            {
                _pos++;
            }
            if (_pos >= _text.Length || !char.IsDigit(_text[_pos]))
            {
                throw Error("invalid number: expected a digit in the exponent");
            }
            while (_pos < _text.Length && char.IsDigit(_text[_pos]))
            {
                _pos++;
            }
        }
        var raw = _text.Substring(start.Pos, _pos - start.Pos);
        return new JsonNode(JsonKind.Number, SpanFrom(start)) { Text = raw, Raw = raw };
    }

    private string ReadString()
    {
        _pos++; // opening quote
        StringBuilder? sb = null;
        var runStart = _pos;
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("unterminated string: missing closing '\"'");
            }
            var c = _text[_pos];
            if (c == '"')
            {
                string result;
                if (sb is null)
                {
                    result = _text.Substring(runStart, _pos - runStart);
                }
                else
                {
                    sb.Append(_text, runStart, _pos - runStart);
                    result = sb.ToString();
                }
                _pos++;
                return result;
            }
            if (c == '\\')
            {
                sb ??= new StringBuilder();
                sb.Append(_text, runStart, _pos - runStart);
                _pos++;
                if (_pos >= _text.Length)
                {
                    throw Error("unterminated escape sequence");
                }
                var e = _text[_pos];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_pos + 4 >= _text.Length
                            || !int.TryParse(_text.Substring(_pos + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                        {
                            throw Error("invalid \\u escape: expected four hex digits");
                        }
                        sb.Append((char)code);
                        _pos += 4;
                        break;
                    default:
                        throw Error($"invalid escape sequence '\\{e}'");
                }
                _pos++;
                runStart = _pos;
                continue;
            }
            if (c < ' ')
            {
                throw Error(c == '\n' ? "unterminated string: line break inside a string" : "control character inside a string (escape it)");
            }
            _pos++;
        }
    }

    private JsonNode ReadObject(int depth)
    {
        var start = Mark();
        _pos++;
        var node = new JsonNode(JsonKind.Object, default);
        SkipWhitespace();
        if (_pos < _text.Length && _text[_pos] == '}')
        {
            _pos++;
            return Finish(node, start);
        }
        while (true)
        {
            SkipWhitespace();
            if (_pos >= _text.Length)
            {
                throw Error("unexpected end of file inside an object, expected '}'");
            }
            if (_text[_pos] != '"')
            {
                throw Error(_text[_pos] == '}' ? "trailing comma before '}'" : $"unexpected '{_text[_pos]}', expected a property name in double quotes");
            }
            var nameStart = Mark();
            var name = ReadString();
            var nameSpan = SpanFrom(nameStart);
            SkipWhitespace();
            if (_pos >= _text.Length || _text[_pos] != ':')
            {
                throw Error($"expected ':' after property name \"{name}\"");
            }
            _pos++;
            SkipWhitespace();
            var value = ReadValue(depth + 1);
            var property = new JsonProperty(name, nameSpan, value);
            if (_duplicates is not null && node.Properties.Find(p => p.Name == name) is { } first)
            {
                _duplicates.Add((property, first));
            }
            node.Properties.Add(property);
            SkipWhitespace();
            if (_pos >= _text.Length)
            {
                throw Error("unexpected end of file inside an object, expected ',' or '}'");
            }
            if (_text[_pos] == ',')
            {
                _pos++;
                continue;
            }
            if (_text[_pos] == '}')
            {
                _pos++;
                return Finish(node, start);
            }
            throw Error($"unexpected '{_text[_pos]}', expected ',' or '}}' (missing comma?)");
        }
    }

    private JsonNode ReadArray(int depth)
    {
        var start = Mark();
        _pos++;
        var node = new JsonNode(JsonKind.Array, default);
        SkipWhitespace();
        if (_pos < _text.Length && _text[_pos] == ']')
        {
            _pos++;
            return Finish(node, start);
        }
        while (true)
        {
            SkipWhitespace();
            if (_pos < _text.Length && _text[_pos] == ']')
            {
                throw Error("trailing comma before ']'");
            }
            node.Items.Add(ReadValue(depth + 1));
            SkipWhitespace();
            if (_pos >= _text.Length)
            {
                throw Error("unexpected end of file inside an array, expected ',' or ']'");
            }
            if (_text[_pos] == ',')
            {
                _pos++;
                continue;
            }
            if (_text[_pos] == ']')
            {
                _pos++;
                return Finish(node, start);
            }
            throw Error($"unexpected '{_text[_pos]}', expected ',' or ']' (missing comma?)");
        }
    }

    private JsonNode Finish(JsonNode node, (int Pos, int Line, int Col) start)
    {
        var finished = new JsonNode(node.Kind, SpanFrom(start)) { Raw = _text.Substring(start.Pos, _pos - start.Pos) };
        finished.Properties.AddRange(node.Properties);
        finished.Items.AddRange(node.Items);
        return finished;
    }
}
