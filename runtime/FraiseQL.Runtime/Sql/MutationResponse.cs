namespace FraiseQL.Sql;

/// <summary>One row of <c>mutation_response</c>, in either accepted shape (FORMATS A.3 / D §4.2).</summary>
internal sealed class MutationResponse
{
    /// <summary>True for the 13/14-column shape (succeeded, state_changed, error_class…), false for the seed's 8 columns.</summary>
    public bool IsCurrentShape { get; init; }
    /// <summary>8-column <c>status</c>.</summary>
    public string? Status { get; init; }
    public bool? Succeeded { get; init; }
    public bool? StateChanged { get; init; }
    public string? ErrorClass { get; init; }
    public string? StatusDetail { get; init; }
    public int? HttpStatus { get; init; }
    public string? Message { get; init; }
    public Guid? EntityId { get; init; }
    public string? EntityType { get; init; }
    public string? EntityJson { get; init; }
    public string[]? UpdatedFields { get; init; }
    public string? CascadeJson { get; init; }
    public string? ErrorDetailJson { get; init; }
    public string? MetadataJson { get; init; }
    /// <summary>The selection projected over <c>entity</c> by the same statement.</summary>
    public string? ProjectedJson { get; init; }
}
