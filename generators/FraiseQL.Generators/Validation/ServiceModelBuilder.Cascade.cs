using System;
using System.Collections.Generic;
using System.Linq;
using FraiseQL.Generators.Descriptors;

namespace FraiseQL.Generators.Validation;

/// <summary>
/// FORMATS §4.4: the types a <c>"cascade": true</c> mutation's payload exposes its <c>mutation_response.cascade</c>
/// through, synthesized once per schema: <c>CascadeUpdates {updated, deleted, invalidations, metadata}</c>,
/// <c>UpdatedEntity {typename, id, operation, entity: CascadeNode}</c>, <c>DeletedEntity {typename, id, deletedAt}</c>,
/// <c>QueryInvalidation</c>, <c>CascadeMetadata</c>, the <c>CascadeOperation</c> enum and the <c>CascadeNode</c>
/// interface (<c>id: ID!</c>), which every queryable entity type with an <c>id</c> field implements, so clients select
/// an updated entity's fields with inline fragments (<c>entity { ... on Order { status } }</c>). The JSON keys are
/// FraiseQL's: <c>{updated: [{__typename, id, operation, entity}], deleted: [{__typename, id, deletedAt}],
/// invalidations: [{queryName, strategy, scope}], metadata: {timestamp, affectedCount, depth, transactionId}}</c>
/// (<c>__typename</c> is read into <c>typename</c>: GraphQL reserves names that start with two underscores).
/// </summary>
internal sealed partial class ServiceModelBuilder
{
    private const string CascadeUpdatesType = "CascadeUpdates";
    private const string CascadeNodeInterface = "CascadeNode";

    private static readonly string[] CascadeTypeNames =
        { CascadeUpdatesType, "UpdatedEntity", "DeletedEntity", "QueryInvalidation", "CascadeMetadata", "CascadeOperation", CascadeNodeInterface };

    /// <summary>Interfaces the generator adds (<c>CascadeNode</c>).</summary>
    private readonly List<InterfaceModel> _synthesizedInterfaces = new();

    /// <summary>Enums the generator adds (<c>CascadeOperation</c>).</summary>
    private readonly List<EnumModel> _synthesizedEnums = new();

    /// <summary>Declared object types that implement <c>CascadeNode</c> (queryable entities with an <c>id</c>).</summary>
    private readonly HashSet<string> _cascadeNodeTypes = new(StringComparer.Ordinal);

    /// <summary>null until the first cascade mutation asks; then whether the typed cascade types exist.</summary>
    private bool? _cascadeTypesReady;

    /// <summary>
    /// The type of a cascade payload's <c>cascade</c> field: <c>CascadeUpdates</c>, synthesized on first use, or
    /// <c>JSON</c> when a declared type already has one of the names (reported once as FQL0102).
    /// </summary>
    private string CascadeFieldType(MutationModel m)
    {
        _cascadeTypesReady ??= SynthesizeCascadeTypes(m);
        return _cascadeTypesReady.Value ? CascadeUpdatesType : "JSON";
    }

    private bool SynthesizeCascadeTypes(MutationModel m)
    {
        var taken = CascadeTypeNames.FirstOrDefault(_kinds.ContainsKey);
        if (taken is not null)
        {
            Report("FQL0102", m.NameSpan, taken, $"a {_kinds[taken]} (one of the cascade types \"cascade\": true synthesizes; rename it, and cascade is exposed as JSON until then)");
            return false;
        }

        _kinds["CascadeOperation"] = "enum";
        _synthesizedEnums.Add(new EnumModel("CascadeOperation", "What the mutation did to a cascade entity.", new[]
        {
            new EnumValueModel("CREATED", "CREATED", "The entity was created.", null, NoSpan),
            new EnumValueModel("UPDATED", "UPDATED", "The entity was updated.", null, NoSpan),
            new EnumValueModel("DELETED", "DELETED", "The entity was deleted.", null, NoSpan),
        }.ToEquatableArray(), NoSpan));

        _kinds[CascadeNodeInterface] = "interface";
        _synthesizedInterfaces.Add(new InterfaceModel(CascadeNodeInterface, "An entity a mutation's cascade can name: every queryable type with an id.",
            new[] { SynthesizedField("id", "id", "ID!", "The entity's id.") }.ToEquatableArray(), default, NoSpan));
        foreach (var name in CascadeEntityTypes())
        {
            _cascadeNodeTypes.Add(name);
        }

        AddSynthesizedType(SynthesizedObject("UpdatedEntity", "An entity the mutation created or updated.",
            SynthesizedField("typename", "__typename", "String!", "The entity's GraphQL type name."),
            SynthesizedField("id", "id", "ID!", "The entity's id."),
            SynthesizedField("operation", "operation", "CascadeOperation", "What the mutation did to it."),
            SynthesizedField("entity", "entity", CascadeNodeInterface, "The entity as the mutation left it: select its fields with inline fragments on its type.")));
        AddSynthesizedType(SynthesizedObject("DeletedEntity", "An entity the mutation deleted.",
            SynthesizedField("typename", "__typename", "String!", "The entity's GraphQL type name."),
            SynthesizedField("id", "id", "ID!", "The entity's id."),
            SynthesizedField("deletedAt", "deletedAt", "DateTime", "When it was deleted.")));
        AddSynthesizedType(SynthesizedObject("QueryInvalidation", "A cached query the client should invalidate.",
            SynthesizedField("queryName", "queryName", "String", "The query's name."),
            SynthesizedField("strategy", "strategy", "String", "INVALIDATE, REFETCH or REMOVE."),
            SynthesizedField("scope", "scope", "String", "EXACT, PREFIX, PATTERN or ALL.")));
        AddSynthesizedType(SynthesizedObject("CascadeMetadata", "About the cascade.",
            SynthesizedField("timestamp", "timestamp", "String", "When the mutation ran."),
            SynthesizedField("affectedCount", "affectedCount", "Int", "How many entities it affected."),
            SynthesizedField("depth", "depth", "Int", "How deep the cascade went."),
            SynthesizedField("transactionId", "transactionId", "String", "The transaction, when the function reports it.")));
        AddSynthesizedType(SynthesizedObject(CascadeUpdatesType, "Other entities a mutation changed or deleted, and the queries to invalidate (mutation_response.cascade).",
            SynthesizedField("updated", "updated", "[UpdatedEntity!]", "Entities created or updated."),
            SynthesizedField("deleted", "deleted", "[DeletedEntity!]", "Entities deleted."),
            SynthesizedField("invalidations", "invalidations", "[QueryInvalidation!]", "Cached queries to invalidate."),
            SynthesizedField("metadata", "metadata", "CascadeMetadata", "About the cascade.")));
        return true;
    }

    /// <summary>
    /// Queryable entity types (returned by a query, or with a <c>sql_source</c>), not embedded value objects nor error
    /// types, whose <c>id</c> field is <c>ID!</c>: the types a cascade entry's <c>entity</c> can be. A type whose id
    /// has another type cannot implement <c>CascadeNode</c> (GraphQL does not let an implementing type change a field's
    /// type); a cascade mutation returning one is an error (<see cref="CascadeEntityIdError"/>).
    /// </summary>
    private IEnumerable<string> CascadeEntityTypes()
    {
        var queried = new HashSet<string>(_schema.Queries.Select(q => q.ReturnType), StringComparer.Ordinal);
        return _schema.Types
            .Where(t => (queried.Contains(t.Name) || t.SqlSource is not null) && !t.Embedded && !t.IsError && t.Fields.Any(f => f.Name == "id" && f.Type == IdType))
            .Select(t => t.Name);
    }

    /// <summary>
    /// FORMATS §4.4: every cascade entity type must have <c>id: ID!</c>, or compilation fails. Reports the mutation's
    /// entity type when its <c>id</c> is missing or has another type; true when it was reported.
    /// </summary>
    private bool CascadeEntityIdError(MutationModel m, string where) =>
        _objects.TryGetValue(m.ReturnType, out var entity) && NodeIdError(entity, m.ReturnTypeSpan, where, "cascade", CascadeNodeInterface);
}
