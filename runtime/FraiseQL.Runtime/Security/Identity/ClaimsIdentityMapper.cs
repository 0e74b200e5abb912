using System.Security.Claims;
using System.Text.Json;
using FraiseQL.Execution;
using FraiseQL.Runtime.Security.Configuration;

namespace FraiseQL.Runtime.Security.Identity;

/// <summary>
/// Maps a validated token's claims to a <see cref="RequestContext"/>: principal (<c>sub</c>), roles from the
/// configured claim paths (plain, JSON-array and nested such as <c>realm_access.roles</c>) plus the default role,
/// scopes from <c>scope</c>/<c>scp</c> plus the scopes of the caller's role definitions, the tenant, and a flat
/// claim map (arrays joined with ',') for inject_params and session variables.
/// </summary>
public static class ClaimsIdentityMapper
{
    public static RequestContext ToRequestContext(
        ClaimsPrincipal? principal,
        string correlationId,
        string? traceParent,
        IReadOnlyDictionary<string, string>? auditTags,
        FraiseQLSecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var claims = principal?.Identity?.IsAuthenticated == true ? principal.Claims.ToList() : [];
        if (claims.Count == 0)
        {
            return new RequestContext
            {
                CorrelationId = correlationId,
                TraceParent = traceParent,
                Roles = options.DefaultRole is { } role ? [role] : [],
                Scopes = options.DefaultRole is { } r ? ScopesOf([r], [], options) : [],
                AuditTags = auditTags ?? RequestContext.EmptyClaims,
            };
        }

        var flat = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in claims.GroupBy(c => c.Type, StringComparer.Ordinal))
        {
            var values = group.SelectMany(c => Values(c.Value, c.ValueType)).ToList();
            flat[group.Key] = values.Count == 1 ? values[0] : string.Join(',', values);
        }

        var roles = new List<string>();
        foreach (var path in options.RoleClaims)
        {
            foreach (var value in ValuesAtPath(claims, path))
            {
                if (!roles.Contains(value, StringComparer.Ordinal))
                {
                    roles.Add(value);
                }
            }
        }
        if (options.DefaultRole is { } defaultRole && !roles.Contains(defaultRole, StringComparer.Ordinal))
        {
            roles.Add(defaultRole);
        }

        var tokenScopes = ValuesAtPath(claims, options.ScopeClaim)
            .Concat(options.ScopeClaim == "scp" ? [] : ValuesAtPath(claims, "scp"))
            .SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var tenant = ValuesAtPath(claims, options.TenantClaim).FirstOrDefault();
        var subject = ValuesAtPath(claims, "sub").FirstOrDefault()
            ?? principal!.FindFirst(ClaimTypes.NameIdentifier)?.Value;

        return new RequestContext
        {
            CorrelationId = correlationId,
            TraceParent = traceParent,
            Principal = subject,
            Roles = roles,
            Scopes = ScopesOf(roles, tokenScopes, options),
            TenantId = tenant,
            Claims = flat,
            AuditTags = auditTags ?? RequestContext.EmptyClaims,
            ExpiresAt = flat.TryGetValue("exp", out var exp) && long.TryParse(exp, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null,
        };
    }

    private static List<string> ScopesOf(IReadOnlyList<string> roles, IEnumerable<string> tokenScopes, FraiseQLSecurityOptions options)
    {
        var scopes = new List<string>();
        foreach (var scope in tokenScopes.Concat(options.RoleDefinitions
                     .Where(d => roles.Contains(d.Name, StringComparer.Ordinal))
                     .SelectMany(d => d.Scopes)))
        {
            if (!scopes.Contains(scope, StringComparer.Ordinal))
            {
                scopes.Add(scope);
            }
        }
        return scopes;
    }

    /// <summary>Values of a claim path: <c>roles</c> (repeated claims or a JSON array) or <c>realm_access.roles</c>.</summary>
    public static IEnumerable<string> ValuesAtPath(IReadOnlyList<Claim> claims, string path)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var head = dot < 0 ? path : path[..dot];
        foreach (var claim in claims)
        {
            if (!string.Equals(claim.Type, head, StringComparison.Ordinal))
            {
                continue;
            }
            if (dot < 0)
            {
                foreach (var value in Values(claim.Value, claim.ValueType))
                {
                    yield return value;
                }
                continue;
            }
            if (!LooksLikeJson(claim.Value))
            {
                continue;
            }
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(claim.Value);
            }
            catch (JsonException)
            {
                continue;
            }
            using (document)
            {
                var element = document.RootElement;
                var found = true;
                foreach (var segment in path[(dot + 1)..].Split('.'))
                {
                    if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
                    {
                        found = false;
                        break;
                    }
                }
                if (found)
                {
                    foreach (var value in ElementValues(element))
                    {
                        yield return value;
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Values(string value, string valueType)
    {
        if (value.Length > 1 && value[0] == '[' && LooksLikeJson(value))
        {
            try
            {
                using var document = JsonDocument.Parse(value);
                return ElementValues(document.RootElement).ToList();
            }
            catch (JsonException)
            {
                return [value];
            }
        }
        _ = valueType;
        return [value];
    }

    private static IEnumerable<string> ElementValues(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().SelectMany(ElementValues).ToList(),
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => [element.GetRawText()],
        _ => [],
    };

    private static bool LooksLikeJson(string value)
    {
        var trimmed = value.AsSpan().Trim();
        return trimmed.Length > 1 && ((trimmed[0] == '{' && trimmed[^1] == '}') || (trimmed[0] == '[' && trimmed[^1] == ']'));
    }
}
