using FraiseQL.Runtime.Security.Authentication;
using FraiseQL.Runtime.Security.Configuration;

// fraiseql-token --config example-services/order-service/fraiseql.toml --sub alice --role admin [--role staff]
//                [--tenant acme] [--scope read:*] [--ttl 3600]
// Prints a bearer token signed with the HMAC key of [[auth.signing_keys]] (demo and development only).
string? config = null, subject = null, tenant = null;
var roles = new List<string>();
var scopes = new List<string>();
var ttl = 3600;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--config" when value is not null: config = value; i++; break;
        case "--sub" when value is not null: subject = value; i++; break;
        case "--role" when value is not null: roles.Add(value); i++; break;
        case "--tenant" when value is not null: tenant = value; i++; break;
        case "--scope" when value is not null: scopes.Add(value); i++; break;
        case "--ttl" when value is not null && int.TryParse(value, out var seconds) && seconds > 0: ttl = seconds; i++; break;
        default:
            Console.Error.WriteLine($"unexpected argument '{args[i]}'");
            Console.Error.WriteLine("usage: fraiseql-token --config fraiseql.toml --sub NAME [--role ROLE]... [--tenant ID] [--scope SCOPE]... [--ttl SECONDS]");
            return 2;
    }
}
if (config is null || subject is null)
{
    Console.Error.WriteLine("usage: fraiseql-token --config fraiseql.toml --sub NAME [--role ROLE]... [--tenant ID] [--scope SCOPE]... [--ttl SECONDS]");
    return 2;
}
try
{
    var options = SecurityOptionsReader.FromToml(await File.ReadAllTextAsync(config), sourceName: config);
    if (options.Auth is null)
    {
        Console.Error.WriteLine($"{config}: no [auth] section; nothing to mint a token for");
        return 1;
    }
    Console.WriteLine(DevelopmentTokenIssuer.Mint(options.Auth, subject, roles, tenant, scopes, TimeSpan.FromSeconds(ttl),
        options.RoleClaims.FirstOrDefault(c => !c.Contains('.', StringComparison.Ordinal)) ?? "roles", options.TenantClaim));
    return 0;
}
catch (Exception ex) when (ex is SecurityConfigurationException or IOException)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
