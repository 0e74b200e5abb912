using System;
using System.Collections.Generic;
using System.Linq;
using FraiseQL.Generators.Descriptors;
using FraiseQL.Generators.Diagnostics;
using FraiseQL.Generators.Validation;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace FraiseQL.Generators.Configuration;

/// <summary>fraiseql.toml → <see cref="ConfigModel"/>, using Tomlyn's syntax tree for positions.
/// <c>${ENV}</c> placeholders are kept as written (resolved by the runtime at start).</summary>
internal sealed class TomlConfigReader
{
    private readonly string _path;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly HashSet<string> _reportedSections = new();

    private string? _projectName;
    private string? _naming;
    private string? _tenancyMode;
    private string _tenantClaim = "tenant_id";
    private bool? _qdWhere, _qdOrderBy, _qdLimit, _qdOffset;
    private bool _hasQueryDefaults;
    private bool _autoErrorUnion;
    private readonly List<PublishModel> _publishes = new();
    private readonly List<SubscribeModel> _subscribes = new();
    private readonly List<RequestModel> _requests = new();
    private readonly List<RespondModel> _responds = new();
    private readonly List<NamedReference> _roles = new();

    private TomlConfigReader(string path) => _path = path;

    public static ConfigModel Read(string path, string text)
    {
        var reader = new TomlConfigReader(path);
        DocumentSyntax doc;
        try
        {
            doc = SyntaxParser.Parse(text, path, true);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            reader._diagnostics.Add(DiagnosticInfo.Create("FQL0002", new FileSpan(path, 0, 0, 0, 0, 0, 0), ex.Message));
            return reader.Build(text);
        }
        var hasErrors = false;
        foreach (var d in doc.Diagnostics)
        {
            if (d.Kind == DiagnosticMessageKind.Error && !hasErrors)
            {
                // Only the first error: later ones are usually consequences of it.
                hasErrors = true;
                var span = reader.ToSpan(d.Span);
                reader._diagnostics.Add(DiagnosticInfo.Create("FQL0002", span, $"{d.Message} (line {span.StartLine + 1}, column {span.StartColumn + 1})"));
            }
        }
        if (!hasErrors)
        {
            reader.Walk(doc);
        }
        return reader.Build(text);
    }

    private ConfigModel Build(string text) => new(
        _path, text, _projectName, _naming,
        _hasQueryDefaults ? new AutoParamsModel(_qdWhere, _qdOrderBy, _qdLimit, _qdOffset) : null,
        _tenancyMode, _tenantClaim,
        _publishes.ToEquatableArray(), _subscribes.ToEquatableArray(), _requests.ToEquatableArray(),
        _responds.ToEquatableArray(), _roles.ToEquatableArray(), _autoErrorUnion, _diagnostics.ToEquatableArray());

    private FileSpan ToSpan(SourceSpan span)
    {
        var start = span.Start;
        var end = span.End;
        var length = Math.Max(0, end.Offset - start.Offset + 1);
        return new FileSpan(_path, Math.Max(0, start.Offset), length, Math.Max(0, start.Line), Math.Max(0, start.Column), Math.Max(0, end.Line), Math.Max(0, end.Column + 1));
    }

    private void Walk(DocumentSyntax doc)
    {
        ReadTable("", doc.KeyValues.Select(kv => (KeyParts(kv.Key), kv)).ToList(), null);
        foreach (var table in doc.Tables)
        {
            var name = KeyText(table.Name);
            if (CheckSection(name, table) && CheckTableShape(name, table is TableArraySyntax, table))
            {
                ReadTable(name, table.Items.Select(kv => (KeyParts(kv.Key), kv)).ToList(), table.Name is null ? null : ToSpan(table.Name.Span));
            }
        }
    }

    /// <summary>
    /// One table's keys, whichever TOML spelling defined it: a <c>[section]</c> / <c>[[section]]</c> header, an inline
    /// table (<c>tenancy = { mode = "row" }</c>), an array of inline tables (<c>publish = [{ … }]</c>) or dotted keys
    /// (<c>tenancy.mode = "row"</c>). The runtime reads all of them, so the generator must too.
    /// </summary>
    private void ReadTable(string section, List<(List<string> Key, KeyValueSyntax Kv)> items, FileSpan? span)
    {
        var entries = new Dictionary<string, (KeyValueSyntax Kv, ValueSyntax Value)>();
        // dotted keys, grouped by the sub-table they define, in order of appearance
        var dotted = new List<(string Section, List<(List<string> Key, KeyValueSyntax Kv)> Items)>();
        ConfigKeys.Sections.TryGetValue(section, out var known);
        foreach (var (parts, kv) in items)
        {
            if (parts.Count == 0 || kv.Value is null)
            {
                continue;
            }
            if (parts.Count > 1)
            {
                var sub = Join(section, parts[0]);
                var group = dotted.FirstOrDefault(g => g.Section == sub).Items;
                if (group is null)
                {
                    group = new List<(List<string>, KeyValueSyntax)>();
                    dotted.Add((sub, group));
                }
                group.Add((parts.GetRange(1, parts.Count - 1), kv));
                continue;
            }
            var key = parts[0];
            var full = Join(section, key);
            if (ConfigKeys.Sections.ContainsKey(full) && (known is null || Array.IndexOf(known, key) < 0 || kv.Value is InlineTableSyntax || kv.Value is ArraySyntax))
            {
                ReadSubTable(full, key, kv);
                continue;
            }
            if (kv.Value is InlineTableSyntax && known is not null && Array.IndexOf(known, key) < 0)
            {
                CheckSection(full, kv); // an unknown or not supported section, reported once
                continue;
            }
            if (known is null)
            {
                continue;
            }
            if (Array.IndexOf(known, key) < 0)
            {
                _diagnostics.Add(DiagnosticInfo.Create("FQL0200", ToSpan(kv.Key!.Span), key, section.Length == 0 ? "root" : section,
                    known.Length == 0 ? "(none: use a [section])" : string.Join(", ", known)));
                continue;
            }
            entries[key] = (kv, kv.Value);
        }
        Apply(section, entries, span);
        foreach (var (sub, group) in dotted)
        {
            if (CheckSection(sub, group[0].Kv) && CheckTableShape(sub, false, group[0].Kv))
            {
                ReadTable(sub, group, ToSpan(group[0].Kv.Key!.Span));
            }
        }
    }

    /// <summary>A known section given as a key's value: an inline table or an array of inline tables.</summary>
    private void ReadSubTable(string section, string key, KeyValueSyntax kv)
    {
        if (!CheckSection(section, kv))
        {
            return;
        }
        switch (kv.Value)
        {
            case InlineTableSyntax inline:
                if (CheckTableShape(section, false, kv))
                {
                    ReadTable(section, InlineItems(inline), ToSpan(kv.Key!.Span));
                }
                return;
            case ArraySyntax array when array.Items.All(i => i.Value is InlineTableSyntax):
                if (CheckTableShape(section, true, kv))
                {
                    foreach (var item in array.Items)
                    {
                        ReadTable(section, InlineItems((InlineTableSyntax)item.Value!), ToSpan(item.Value!.Span));
                    }
                }
                return;
            default:
                var parent = section.LastIndexOf('.') < 0 ? "root" : section.Substring(0, section.LastIndexOf('.'));
                _diagnostics.Add(DiagnosticInfo.Create("FQL0208", ToSpan(kv.Value!.Span), $"[{parent}]", key, ArraySections.Contains(section)
                    ? $"must be an array of tables ([[{section}]] or {key} = [{{ … }}])"
                    : $"must be a table ([{section}] or {key} = {{ … }})"));
                return;
        }
    }

    /// <summary>Sections FraiseQL reads as arrays of tables (<c>[[section]]</c>); every other section is one table.</summary>
    private static readonly HashSet<string> ArraySections = new(StringComparer.Ordinal)
    {
        "observers.publish", "observers.subscribe", "observers.request", "observers.respond",
        "security.role_definitions", "auth.signing_keys", "federation.entities",
    };

    /// <summary>False (and FQL0208) when a table is written where an array of tables is expected, or the reverse:
    /// the runtime refuses both at start-up.</summary>
    private bool CheckTableShape(string section, bool isArray, SyntaxNode node)
    {
        if (!ConfigKeys.Sections.ContainsKey(section) || ArraySections.Contains(section) == isArray)
        {
            return true;
        }
        var span = node is TableSyntaxBase t && t.Name is not null ? ToSpan(t.Name.Span)
            : node is KeyValueSyntax kv && kv.Key is not null ? ToSpan(kv.Key.Span) : ToSpan(node.Span);
        var parent = section.LastIndexOf('.') < 0 ? "root" : section.Substring(0, section.LastIndexOf('.'));
        var key = section.Substring(section.LastIndexOf('.') + 1);
        _diagnostics.Add(DiagnosticInfo.Create("FQL0208", span, $"[{parent}]", key, isArray
            ? $"must be one table ([{section}]), not an array of tables"
            : $"must be an array of tables ([[{section}]] or {key} = [{{ … }}]), not one table"));
        return false;
    }

    private static List<(List<string> Key, KeyValueSyntax Kv)> InlineItems(InlineTableSyntax inline) =>
        inline.Items.Where(i => i.KeyValue is not null).Select(i => (KeyParts(i.KeyValue!.Key), i.KeyValue!)).ToList();

    private static string Join(string section, string key) => section.Length == 0 ? key : section + "." + key;

    /// <summary>False (and a diagnostic, once) when the section is unknown or not supported.</summary>
    private bool CheckSection(string section, SyntaxNode node)
    {
        if (ConfigKeys.Sections.ContainsKey(section))
        {
            return true;
        }
        var parts = section.Split('.');
        // a sub-table of a map section (security.rls.session_variables.x) is fine
        for (var i = parts.Length - 1; i > 0; i--)
        {
            var prefix = string.Join(".", parts, 0, i);
            if (ConfigKeys.Sections.TryGetValue(prefix, out var k) && k is null)
            {
                return false;
            }
        }
        if (!_reportedSections.Add(section))
        {
            return false;
        }
        var span = node is TableSyntaxBase t && t.Name is not null ? ToSpan(t.Name.Span) : ToSpan(node.Span);
        if (ConfigKeys.NotSupportedYet.Contains(parts[0]))
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0207", span, section));
        }
        else if (section == "security.policies")
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0302", span, "[[security.policies]]"));
        }
        else
        {
            var parent = parts.Length > 1 ? string.Join(".", parts, 0, parts.Length - 1) : "";
            var siblings = ConfigKeys.Sections.Keys
                .Where(s => s.Length > 0 && (parent.Length == 0 ? s.IndexOf('.') < 0 : s.StartsWith(parent + ".", StringComparison.Ordinal)))
                .OrderBy(s => s, StringComparer.Ordinal);
            _diagnostics.Add(DiagnosticInfo.Create("FQL0200", span, parts[parts.Length - 1], parent.Length == 0 ? "root" : parent, string.Join(", ", siblings)));
        }
        return false;
    }

    private void Apply(string section, Dictionary<string, (KeyValueSyntax Kv, ValueSyntax Value)> e, FileSpan? span)
    {
        var tableSpan = span ?? new FileSpan(_path, 0, 0, 0, 0, 0, 0);
        switch (section)
        {
            case "project":
                _projectName = Str(e, "name", section);
                break;
            case "tenancy":
                _tenancyMode = Str(e, "mode", section);
                _tenantClaim = Str(e, "tenant_claim", section) ?? _tenantClaim;
                break;
            case "naming":
                _naming = Str(e, "convention", section);
                break;
            case "mutations":
                _autoErrorUnion = BoolValue(e, "auto_error_union", section) ?? false;
                break;
            case "federation":
                // FraiseQL's Apollo Federation (_service, _entities) is not implemented: say so when it is turned on
                // rather than leave a gateway to find out
                if (BoolValue(e, "enabled", section) == true)
                {
                    _diagnostics.Add(DiagnosticInfo.Create("FQL0207", ValueSpan(e, "enabled"), "federation"));
                }
                break;
            case "query_defaults":
                _hasQueryDefaults = true;
                _qdWhere = BoolValue(e, "where", section);
                _qdOrderBy = BoolValue(e, "order_by", section);
                _qdLimit = BoolValue(e, "limit", section);
                _qdOffset = BoolValue(e, "offset", section);
                break;
            case "observers.publish":
            {
                var mutation = Required(e, "mutation", section, tableSpan);
                var subject = Required(e, "subject", section, tableSpan);
                if (mutation is not null && subject is not null)
                {
                    var topic = Str(e, "subscription_topic", section);
                    _publishes.Add(new PublishModel(mutation, subject, topic, ValueSpan(e, "mutation"), ValueSpan(e, "subject"),
                        topic is null ? null : ValueSpan(e, "subscription_topic")));
                }
                break;
            }
            case "observers.subscribe":
            {
                var subject = Required(e, "subject", section, tableSpan);
                var handler = Required(e, "handler", section, tableSpan);
                if (subject is not null && handler is not null)
                {
                    var maxDeliver = Int(e, "max_deliver", section);
                    var ackWait = Int(e, "ack_wait_ms", section);
                    _subscribes.Add(new SubscribeModel(subject, handler, (int?)maxDeliver, (int?)ackWait, StrArray(e, "invalidates_views", section, v => SqlIdentifier.IsValid(v, maxParts: 3), "must list view names (name, schema.name or catalog.schema.name)"),
                        ValueSpan(e, "subject"), ValueSpan(e, "handler")));
                }
                break;
            }
            case "observers.request":
            {
                var query = Required(e, "query", section, tableSpan);
                var subject = Required(e, "subject", section, tableSpan);
                if (query is not null && subject is not null)
                {
                    _requests.Add(new RequestModel(query, subject, (int)(Int(e, "timeout_ms", section) ?? 2000), (int)(Int(e, "retries", section) ?? 0),
                        ValueSpan(e, "query"), ValueSpan(e, "subject")));
                }
                break;
            }
            case "observers.respond":
            {
                var subject = Required(e, "subject", section, tableSpan);
                var handler = Required(e, "handler", section, tableSpan);
                if (subject is not null && handler is not null)
                {
                    _responds.Add(new RespondModel(subject, handler, ValueSpan(e, "subject"), ValueSpan(e, "handler")));
                }
                break;
            }
            case "security.role_definitions":
            {
                var name = Required(e, "name", section, tableSpan);
                if (name is not null)
                {
                    _roles.Add(new NamedReference(name, ValueSpan(e, "name")));
                }
                break;
            }
        }
    }

    private FileSpan ValueSpan(Dictionary<string, (KeyValueSyntax Kv, ValueSyntax Value)> e, string key) => ToSpan(e[key].Value.Span);

    private string? Required(Dictionary<string, (KeyValueSyntax Kv, ValueSyntax Value)> e, string key, string section, FileSpan tableSpan)
    {
        if (!e.ContainsKey(key))
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0208", tableSpan, $"[[{section}]]", key, "is required"));
            return null;
        }
        var value = Str(e, key, section);
        if (value is not null && value.Length == 0)
        {
            _diagnostics.Add(DiagnosticInfo.Create("FQL0208", ValueSpan(e, key), $"[[{section}]]", key, "must not be empty"));
            return null;
        }
        return value;
    }

    private string? Str(Dictionary<string, (KeyValueSyntax Kv, ValueSyntax Value)> e, string key, string section)
    {
        if (!e.TryGetValue(key, out var entry))
        {
            return null;
        }
        if (entry.Value is StringValueSyntax s)
        {
            return s.Value;
        }
        _diagnostics.Add(DiagnosticInfo.Create("FQL0208", ToSpan(entry.Value.Span), $"[{section}]", key, "must be a string"));
        return null;
    }

    private bool? BoolValue(Dictionary<string, (KeyValueSyntax Kv, ValueSyntax Value)> e, string key, string section)
    {
        if (!e.TryGetValue(key, out var entry))
        {
            return null;
        }
        if (entry.Value is BooleanValueSyntax b)
        {
            return b.Value;
        }
        _diagnostics.Add(DiagnosticInfo.Create("FQL0208", ToSpan(entry.Value.Span), $"[{section}]", key, "must be true or false"));
        return null;
    }

    /// <param name="valid">A check of each item, reported with <paramref name="expectation"/> at the item.</param>
    private EquatableArray<string> StrArray(Dictionary<string, (KeyValueSyntax Kv, ValueSyntax Value)> e, string key, string section,
        Func<string, bool>? valid = null, string? expectation = null)
    {
        if (!e.TryGetValue(key, out var entry))
        {
            return default;
        }
        var items = new List<string>();
        if (entry.Value is ArraySyntax array)
        {
            foreach (var item in array.Items)
            {
                if (item.Value is StringValueSyntax { Value: { } text })
                {
                    if (valid is not null && !valid(text))
                    {
                        _diagnostics.Add(DiagnosticInfo.Create("FQL0208", ToSpan(item.Value.Span), $"[{section}]", key, expectation ?? "has an invalid item"));
                        return default;
                    }
                    items.Add(text);
                    continue;
                }
                _diagnostics.Add(DiagnosticInfo.Create("FQL0208", ToSpan(item.Value?.Span ?? entry.Value.Span), $"[{section}]", key, "must be an array of strings"));
                return default;
            }
            return items.ToEquatableArray();
        }
        _diagnostics.Add(DiagnosticInfo.Create("FQL0208", ToSpan(entry.Value.Span), $"[{section}]", key, "must be an array of strings"));
        return default;
    }

    private long? Int(Dictionary<string, (KeyValueSyntax Kv, ValueSyntax Value)> e, string key, string section)
    {
        if (!e.TryGetValue(key, out var entry))
        {
            return null;
        }
        if (entry.Value is IntegerValueSyntax i)
        {
            return i.Value;
        }
        _diagnostics.Add(DiagnosticInfo.Create("FQL0208", ToSpan(entry.Value.Span), $"[{section}]", key, "must be an integer"));
        return null;
    }

    private static string KeyText(KeySyntax? key) => string.Join(".", KeyParts(key));

    private static List<string> KeyParts(KeySyntax? key)
    {
        if (key is null)
        {
            return new List<string>();
        }
        var parts = new List<string> { KeyPart(key.Key) };
        foreach (var dot in key.DotKeys)
        {
            parts.Add(KeyPart(dot.Key));
        }
        return parts;
    }

    private static string KeyPart(BareKeyOrStringValueSyntax? part) => part switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax str => str.Value ?? "",
        _ => "",
    };
}
