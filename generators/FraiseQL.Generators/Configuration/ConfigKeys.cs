using System.Collections.Generic;

namespace FraiseQL.Generators.Configuration;

/// <summary>fraiseql.toml sections and their keys (FORMATS part B plus our extensions).</summary>
internal static class ConfigKeys
{
    /// <summary>Section path → known keys. A null list accepts any key (maps such as session_variables).</summary>
    public static readonly Dictionary<string, string[]?> Sections = new()
    {
        [""] = new string[0],
        ["project"] = new[] { "name", "version", "description" },
        ["database"] = new[] { "type", "url", "pool_min", "pool_max", "connect_timeout_ms", "idle_timeout_ms", "ssl_mode", "command_timeout_ms", "migrations_dir", "apply_migrations", "multiplexing", "startup_wait_ms" },
        ["server"] = new[] { "host", "port", "request_timeout_ms", "max_document_bytes", "max_variables_bytes", "max_aliases", "max_batch_size", "introspection", "introspection_roles", "graphiql" },
        ["server.cors"] = new[] { "origins", "credentials" },
        ["server.tls"] = new[] { "enabled", "cert_file", "key_file" },
        ["server.persisted_queries"] = new[] { "mode", "manifest", "max_entries" },
        ["validation"] = new[] { "max_query_depth", "max_query_complexity", "max_page_size", "max_aliases" },
        ["observers"] = new[] { "backend", "nats_url", "redis_url", "service_name" },
        ["observers.stream"] = new[] { "name", "storage", "retention", "max_age", "replicas", "max_bytes" },
        ["observers.consumer"] = new[] { "ack_wait_ms", "max_deliver", "backoff_ms", "max_ack_pending", "max_concurrent_handlers", "max_events_per_transaction", "fetch_batch_size" },
        ["observers.dead_letter"] = new[] { "subject_prefix" },
        ["observers.outbox"] = new[] { "poll_interval_ms", "batch_size", "max_backoff_ms", "max_in_flight", "initial_backoff_ms", "retain_sent_hours", "publish_committed_directly" },
        ["observers.credentials"] = new[] { "user", "password", "password_file", "token", "token_file", "nkey_seed_file", "creds_file", "tls_ca_file", "tls_cert_file", "tls_key_file", "tls_required" },
        ["observers.publish"] = new[] { "mutation", "subject", "subscription_topic" },
        ["observers.subscribe"] = new[] { "subject", "handler", "max_deliver", "ack_wait_ms", "invalidates_views" },
        ["observers.request"] = new[] { "query", "subject", "timeout_ms", "retries" },
        ["observers.respond"] = new[] { "subject", "handler" },
        ["security"] = new[] { "default_role", "multi_tenant", "anonymous", "role_claims", "scope_claim", "tenant_claim" },
        ["security.rls"] = new[] { "enabled", "session_variables" },
        ["security.rls.session_variables"] = null,
        ["security.role_definitions"] = new[] { "name", "description", "scopes" },
        ["security.enterprise"] = new[] { "enabled", "log_level", "async_logging", "audit_file" },
        ["auth"] = new[] { "issuer", "audience", "jwks_uri", "allowed_algorithms", "clock_skew_secs", "required", "signing_keys", "refresh_interval_s" },
        ["auth.signing_keys"] = new[] { "kid", "key_base64", "public_key_pem_file" },
        ["tenancy"] = new[] { "mode", "tenant_claim" },
        ["subscriptions"] = new[] { "max_subscriptions_per_connection", "hooks", "keepalive_ms", "connection_init_timeout_ms" },
        ["federation"] = new[] { "enabled", "service_name" },
        ["federation.entities"] = new[] { "name", "key_fields" },
        ["query_defaults"] = new[] { "where", "order_by", "limit", "offset" },
        ["naming"] = new[] { "convention" },
        ["mutations"] = new[] { "auto_error_union" },
        ["caching"] = new[] { "enabled", "max_entries", "max_bytes", "notify_channel", "notify_triggers" },
    };

    /// <summary>Top-level sections of FraiseQL we parse but do not implement yet.</summary>
    public static readonly HashSet<string> NotSupportedYet = new() { "vector", "fact_tables", "rest", "grpc", "mcp", "sources", "hierarchies" };
}
