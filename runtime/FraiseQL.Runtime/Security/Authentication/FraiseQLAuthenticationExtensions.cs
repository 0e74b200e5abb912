using FraiseQL.Runtime.Security.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace FraiseQL.Runtime.Security.Authentication;

/// <summary>Registers JWT bearer authentication configured from fraiseql.toml.</summary>
public static class FraiseQLAuthenticationExtensions
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>
    /// Adds <see cref="FraiseQLSecurityOptions"/> as a singleton and, when <c>[auth]</c> is configured, the JwtBearer
    /// handler: OIDC discovery from the issuer when <c>jwks_uri</c> is absent, <c>jwks_uri</c> fetched and refreshed
    /// every <c>refresh_interval_s</c>, or the configured keys. No redirects; failures are GraphQL-shaped 401s.
    /// </summary>
    public static IServiceCollection AddFraiseQLAuthentication(this IServiceCollection services, FraiseQLSecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton<BearerTokenValidator>();
        if (options.Auth is not { } auth)
        {
            // No authentication services at all: once they are registered, WebApplication inserts ASP.NET Core's
            // authentication middleware, which resolves a scoped handler provider for every request (a constructor
            // call through DI's runtime resolver, i.e. reflection in the request path) to find no handler.
            return services;
        }
        // WebSocket clients authenticate in connection_init (browsers cannot send headers with the upgrade)
        services.Replace(ServiceDescriptor.Singleton<FraiseQL.WebSockets.IWebSocketConnectionInitializer, BearerTokenWebSocketConnectionInitializer>());
        var authentication = services.AddAuthentication(Scheme);
        var configuredKeys = new ConfiguredSigningKeys(auth.SigningKeys);
        services.TryAddSingleton(configuredKeys);
        authentication.AddJwtBearer(Scheme, bearer => Configure(bearer, auth, configuredKeys));
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(sp => new AudienceNotCheckedWarning(
            auth, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<AudienceNotCheckedWarning>>()));
        return services;
    }

    /// <summary>
    /// Authenticates requests under <paramref name="pathPrefix"/> (default <c>/graphql</c>): an invalid token is always a
    /// 401; a missing token is a 401 unless anonymous access is allowed (<c>[security] anonymous</c>) or the request is a
    /// WebSocket upgrade, whose token may come in <c>connection_init</c> instead.
    /// Other paths (health, metrics) are untouched.
    /// </summary>
    public static IApplicationBuilder UseFraiseQLAuthentication(this IApplicationBuilder app, string pathPrefix = "/graphql")
    {
        var options = app.ApplicationServices.GetRequiredService<FraiseQLSecurityOptions>();
        if (options.Auth is null)
        {
            return app; // no [auth]: every caller is anonymous, and requests skip this middleware altogether
        }
        return app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(pathPrefix, StringComparison.OrdinalIgnoreCase))
            {
                await next(context).ConfigureAwait(false);
                return;
            }
            var result = await context.AuthenticateAsync(Scheme).ConfigureAwait(false);
            if (result.Succeeded)
            {
                context.User = result.Principal;
            }
            // a WebSocket upgrade without a token is let through: its client sends the token in connection_init, where
            // BearerTokenWebSocketConnectionInitializer validates it (or refuses the connection); a bad header is a 401
            else if (result.Failure is not null || (!options.AllowAnonymous && !context.WebSockets.IsWebSocketRequest))
            {
                await context.ChallengeAsync(Scheme).ConfigureAwait(false);
                return;
            }
            await next(context).ConfigureAwait(false);
        });
    }

    internal static void Configure(JwtBearerOptions bearer, JwtAuthOptions auth, ConfiguredSigningKeys configuredKeys)
    {
        bearer.MapInboundClaims = false;
        bearer.SaveToken = false;
        bearer.IncludeErrorDetails = false;
        bearer.RequireHttpsMetadata = !auth.AllowInsecureMetadata;
        // Scheduled refresh cannot be under 5 minutes (IdentityModel's minimum); a token with an unknown kid triggers
        // an immediate refetch instead, at most once per RefreshInterval (min 1 s), which is how rotated keys arrive.
        bearer.AutomaticRefreshInterval = auth.RefreshInterval < ConfigurationManager<OpenIdConnectConfiguration>.MinimumAutomaticRefreshInterval
            ? ConfigurationManager<OpenIdConnectConfiguration>.MinimumAutomaticRefreshInterval
            : auth.RefreshInterval;
        bearer.RefreshInterval = TimeSpan.FromSeconds(Math.Clamp(auth.RefreshInterval.TotalSeconds, 1, 30));
        bearer.RefreshOnIssuerKeyNotFound = true;

        var parameters = new TokenValidationParameters
        {
            ValidateIssuer = auth.Issuer is not null,
            ValidIssuer = auth.Issuer,
            ValidateAudience = auth.Audiences.Count > 0,
            ValidAudiences = auth.Audiences,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = auth.ClockSkew,
            ValidAlgorithms = auth.AllowedAlgorithms.Count > 0 ? auth.AllowedAlgorithms : null,
            NameClaimType = "sub",
            RoleClaimType = "roles",
        };

        if (auth.JwksUri is { } jwksUri)
        {
            var retriever = new HttpDocumentRetriever { RequireHttps = !auth.AllowInsecureMetadata };
            bearer.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(jwksUri, new JwksConfigurationRetriever(auth.Issuer), retriever)
            {
                AutomaticRefreshInterval = bearer.AutomaticRefreshInterval,
                RefreshInterval = bearer.RefreshInterval,
            };
            parameters.IssuerSigningKeys = configuredKeys.Current();
        }
        else if (auth.Issuer is { } issuer && auth.SigningKeys.Count == 0)
        {
            bearer.Authority = issuer;
            bearer.MetadataAddress = issuer.TrimEnd('/') + "/.well-known/openid-configuration";
        }
        else
        {
            parameters.IssuerSigningKeyResolver = (_, _, kid, _) =>
            {
                var keys = configuredKeys.Current();
                var matching = kid is null ? keys : keys.Where(k => k.KeyId is null || string.Equals(k.KeyId, kid, StringComparison.Ordinal)).ToList();
                return matching;
            };
        }
        bearer.TokenValidationParameters = parameters;

        bearer.Events = new JwtBearerEvents
        {
            OnChallenge = async context =>
            {
                context.HandleResponse();
                var message = AuthenticationFailureMessages.Describe(context.AuthenticateFailure);
                var header = context.AuthenticateFailure is null
                    ? "Bearer"
                    : $"Bearer error=\"invalid_token\", error_description=\"{message.Replace("\"", "'", StringComparison.Ordinal)}\"";
                context.Response.Headers.WWWAuthenticate = header;
                await GraphQLErrorResponse.WriteAsync(context.Response, StatusCodes.Status401Unauthorized, message, "UNAUTHENTICATED", context.HttpContext.RequestAborted).ConfigureAwait(false);
            },
            OnForbidden = context => GraphQLErrorResponse.WriteAsync(context.Response, StatusCodes.Status403Forbidden,
                "You are authenticated but not allowed to do this.", "FORBIDDEN", context.HttpContext.RequestAborted),
        };
    }
}
