using System.Collections.Concurrent;
using FraiseQL.Execution;
using FraiseQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;

namespace FraiseQL.GraphQL;

/// <summary>
/// Parse + validate once per distinct document text. Bounded twice: by <see cref="Capacity"/> entries and by
/// <see cref="MaxCharacters"/> of document text in all (a parsed document's syntax tree grows with its text, so a
/// flood of large distinct documents cannot pin hundreds of megabytes); when either would be exceeded the cache is
/// emptied and refilled (cheap, and bounded). A document longer than a sixteenth of the budget is prepared but not
/// kept. Keyed by the document text itself (the operation is chosen per request), so a hash collision can never
/// serve the wrong plan.
/// </summary>
public sealed class DocumentCache
{
    /// <summary>Default <see cref="MaxCharacters"/>: 4 million characters of document text.</summary>
    public const int DefaultMaxCharacters = 4_000_000;

    private readonly ConcurrentDictionary<string, PreparedDocument> _entries = new(StringComparer.Ordinal);
    private readonly ExecutableSchema _schema;
    private readonly Func<string, SchemaField, bool>? _isFieldPublic;
    private long _characters;

    /// <param name="isFieldPublic">
    /// Whether every caller may see a field (type name, field): validation errors' "Available fields" suggestions name
    /// only those, since a validated document is cached for all callers. Null: every field is public.
    /// </param>
    public DocumentCache(ExecutableSchema schema, int capacity = 1000, int maxCharacters = DefaultMaxCharacters, Func<string, SchemaField, bool>? isFieldPublic = null)
    {
        _schema = schema;
        _isFieldPublic = isFieldPublic;
        Capacity = capacity;
        MaxCharacters = maxCharacters;
    }

    public int Capacity { get; }

    public int MaxCharacters { get; }

    public int Count => _entries.Count;

    /// <summary>Characters of document text held now (approximately, under concurrent refills).</summary>
    public long Characters => Interlocked.Read(ref _characters);

    public PreparedDocument GetOrPrepare(string query)
    {
        if (_entries.TryGetValue(query, out var cached))
        {
            return cached;
        }
        var prepared = Prepare(_schema, query, _isFieldPublic);
        if (query.Length > MaxCharacters / 16)
        {
            return prepared;
        }
        if (_entries.Count >= Capacity || Interlocked.Read(ref _characters) + query.Length > MaxCharacters)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _characters, 0);
        }
        if (_entries.TryAdd(query, prepared))
        {
            Interlocked.Add(ref _characters, query.Length);
        }
        return prepared;
    }

    /// <summary>Parses and validates without caching (<paramref name="isFieldPublic"/>: see the constructor).</summary>
    public static PreparedDocument Prepare(ExecutableSchema schema, string query, Func<string, SchemaField, bool>? isFieldPublic = null)
    {
        var locations = new DocumentLocations(query);
        GraphQLDocument document;
        try
        {
            document = Parser.Parse(query, new ParserOptions { Ignore = IgnoreOptions.Comments, MaxDepth = 128 });
        }
        catch (GraphQLMaxDepthExceededException)
        {
            return new PreparedDocument
            {
                Locations = locations,
                Errors = [new GraphQLError("Syntax Error: the document nests too deeply (more than 128 levels).", "GRAPHQL_PARSE_FAILED")],
            };
        }
        catch (GraphQLParserException ex)
        {
            return new PreparedDocument
            {
                Locations = locations,
                Errors = [new GraphQLError("Syntax Error: " + ex.Description, "GRAPHQL_PARSE_FAILED")
                {
                    Locations = [new SourceLocation(ex.Location.Line, ex.Location.Column)],
                }],
            };
        }
        var errors = DocumentValidator.Validate(schema, document, locations, isFieldPublic);
        return new PreparedDocument
        {
            Locations = locations,
            Document = document,
            Errors = errors,
            Operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToArray(),
            Fragments = document.Definitions.OfType<GraphQLFragmentDefinition>()
                .GroupBy(f => f.FragmentName.Name.StringValue, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal),
        };
    }
}
