using FraiseQL.Execution;
using FraiseQL.Runtime.Security.Authorization;
using FraiseQL.Schema;

namespace FraiseQL.Runtime.Tests.Security;

public sealed class InjectedParameterResolverTests
{
    private static readonly InjectParamDescriptor Tenant = new() { Name = "tenant_id", Claim = "tenant_id" };

    [Fact]
    public void Binds_claims_from_the_token()
    {
        var context = new RequestContext { CorrelationId = "c", Principal = "alice", Claims = new Dictionary<string, string> { ["tenant_id"] = "t-1" } };
        Assert.Equal("t-1", InjectedParameterResolver.Resolve(Tenant, "orders", context));
        Assert.Equal("alice", InjectedParameterResolver.Resolve(new InjectParamDescriptor { Name = "user_id", Claim = "sub" }, "orders", context));
    }

    [Fact]
    public void Anonymous_caller_is_unauthenticated_and_missing_claim_is_forbidden()
    {
        var anonymous = Assert.Throws<GraphQLErrorException>(() => InjectedParameterResolver.Resolve(Tenant, "orders", RequestContext.Anonymous("c")));
        Assert.Equal("UNAUTHENTICATED", anonymous.Error.Code);
        var missing = Assert.Throws<GraphQLErrorException>(() => InjectedParameterResolver.Resolve(Tenant, "orders", new RequestContext { CorrelationId = "c", Principal = "bob" }));
        Assert.Equal("FORBIDDEN", missing.Error.Code);
        Assert.Contains("tenant_id", missing.Error.Message, StringComparison.Ordinal);
    }
}
