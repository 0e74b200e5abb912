using System.Globalization;
using FraiseQL.Configuration;
using Microsoft.Extensions.Configuration;

namespace FraiseQL.Hosting;

/// <summary>Binds <see cref="FraiseQLOptions"/> from fraiseql.toml and the "FraiseQL" configuration section without reflection.</summary>
internal static class FraiseQLOptionsBinder
{
    public const string SectionName = "FraiseQL";

    public static void ApplyToml(FraiseQLOptions options, FraiseQLConfig config)
    {
        var limits = options.Limits;
        limits.MaxDepth = config.Validation.MaxQueryDepth ?? limits.MaxDepth;
        limits.MaxCost = config.Validation.MaxQueryComplexity ?? limits.MaxCost;
        limits.MaxAliases = config.Server.MaxAliases ?? config.Validation.MaxAliases ?? limits.MaxAliases;
        limits.MaxDocumentBytes = config.Server.MaxDocumentBytes ?? limits.MaxDocumentBytes;
        limits.MaxVariablesBytes = config.Server.MaxVariablesBytes ?? limits.MaxVariablesBytes;
        options.GraphiQL = config.Server.GraphiQL ?? options.GraphiQL;
        limits.RequestTimeout = TimeSpan.FromMilliseconds(config.Server.RequestTimeoutMs);
        limits.MaxPageSize = config.Validation.MaxPageSize;
        limits.MaxBatchSize = config.Server.MaxBatchSize ?? limits.MaxBatchSize;
    }

    public static void ApplyConfiguration(FraiseQLOptions options, IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        if (!section.Exists())
        {
            return;
        }
        options.ConfigPath = section["ConfigPath"] ?? options.ConfigPath;
        options.GraphiQL = Bool(section, "EnableGraphiQL") ?? options.GraphiQL;
        options.DocumentCacheSize = Int(section, "DocumentCacheSize") ?? options.DocumentCacheSize;
        var limits = section.GetSection("Limits");
        var l = options.Limits;
        l.MaxDocumentBytes = Int(limits, "MaxDocumentBytes") ?? l.MaxDocumentBytes;
        l.MaxVariablesBytes = Int(limits, "MaxVariablesBytes") ?? l.MaxVariablesBytes;
        l.MaxDepth = Int(limits, "MaxDepth") ?? l.MaxDepth;
        l.MaxAliases = Int(limits, "MaxAliases") ?? l.MaxAliases;
        l.MaxCost = Int(limits, "MaxCost") ?? l.MaxCost;
        l.DefaultListSize = Int(limits, "DefaultListSize") ?? l.DefaultListSize;
        l.MaxPageSize = Int(limits, "MaxPageSize") ?? l.MaxPageSize;
        l.MaxBatchSize = Int(limits, "MaxBatchSize") ?? l.MaxBatchSize;
        if (Int(limits, "RequestTimeoutMs") is { } ms)
        {
            l.RequestTimeout = TimeSpan.FromMilliseconds(ms);
        }
    }

    private static int? Int(IConfigurationSection section, string key)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v
            : throw new FraiseQLConfigurationException($"configuration {section.Path}:{key}: expected a positive integer, got \"{text}\"");
    }

    private static bool? Bool(IConfigurationSection section, string key)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }
        return bool.TryParse(text, out var v)
            ? v
            : throw new FraiseQLConfigurationException($"configuration {section.Path}:{key}: expected true or false, got \"{text}\"");
    }
}
