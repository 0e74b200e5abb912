using FraiseQL.GraphQL;

namespace FraiseQL.Runtime.Tests.GraphQL;

public sealed class ExecutionOutcomeNamesTests
{
    [Fact]
    public void EveryOutcomeHasItsOwnName()
    {
        // a new ExecutionOutcome member must be added to ExecutionOutcomeNames too
        foreach (var outcome in Enum.GetValues<ExecutionOutcome>())
        {
            Assert.Equal(outcome.ToString(), ExecutionOutcomeNames.Of(outcome));
        }
    }
}
