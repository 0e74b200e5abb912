using System.Collections.Concurrent;
using FraiseQL.Execution;
using FraiseQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;

namespace FraiseQL.GraphQL;

/// <summary>
/// Parse + validate once per distinct document text. Size-capped: when <see cref="Capacity"/>
/// entries are held the cache is emptied and refilled (cheap, and bounded under a flood of
/// distinct documents). Keyed by the document text itself (the operation is chosen per request),
/// so a hash collision can never serve the wrong plan.
/// </summary>
public sealed class DocumentCache
{
    private readonly ConcurrentDictionary<string, PreparedDocument> _entries = new(StringComparer.Ordinal);
    private readonly ExecutableSchema _schema;

    public DocumentCache(ExecutableSchema schema, int capacity = 1000)
    {
        _schema = schema;
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count => _entries.Count;

    public PreparedDocument GetOrPrepare(string query)
    {
        if (_entries.TryGetValue(query, out var cached))
        {
            return cached;
        }
        var prepared = Prepare(_schema, query);
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }
        _entries.TryAdd(query, prepared);
        return prepared;
    }

    /// <summary>Parses and validates without caching.</summary>
    public static PreparedDocument Prepare(ExecutableSchema schema, string query)
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
        var errors = DocumentValidator.Validate(schema, document, locations);
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
