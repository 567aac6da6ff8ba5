using System.Globalization;
using System.Text.Json;

namespace Quiver.Server;

/// <summary>
/// A tenant's own DuckDB limits from the tokens file's <c>"tenants"</c> object, such as
/// <c>{"acme": {"memory_limit": "2GB", "threads": 2}}</c>; null where the server's default applies.
/// </summary>
internal sealed record TenantSettings(string? MemoryLimit, int? Threads, string? Isolation = null, int MinWorkers = 0)
{
    public const int MaxThreads = 1024;

    /// <summary>The tenant's DuckDB runs inside the server process (the default).</summary>
    public const string InProcess = "tenant";

    /// <summary>The tenant's DuckDB runs in an engine worker process of its own.</summary>
    public const string OwnProcess = "process";

    private static readonly string[] Known = ["memory_limit", "threads", "isolation", "min_workers"];

    /// <summary>Reads the <c>"tenants"</c> object; every tenant named there must have a token in the same file.</summary>
    /// <exception cref="ArgumentException">A setting is unknown or its value is not valid; the message says which.</exception>
    public static Dictionary<string, TenantSettings> Parse(JsonElement tenants, string where, IReadOnlySet<string> tenantsWithTokens)
    {
        if (tenants.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"{where}: 'tenants' must be an object of tenant names, such as {{\"acme\": {{\"memory_limit\": \"2GB\", \"threads\": 2}}}}.");
        }

        var settings = new Dictionary<string, TenantSettings>(StringComparer.Ordinal);
        foreach (var tenant in tenants.EnumerateObject())
        {
            var at = $"{where}, tenant '{tenant.Name}'";
            if (!tenantsWithTokens.Contains(tenant.Name))
            {
                throw new ArgumentException($"{at}: no token in the file belongs to this tenant.");
            }

            if (tenant.Value.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"{at}: the settings must be an object, such as {{\"memory_limit\": \"2GB\", \"threads\": 2}}.");
            }

            string? memoryLimit = null;
            int? threads = null;
            string? isolation = null;
            var minWorkers = 0;
            foreach (var setting in tenant.Value.EnumerateObject())
            {
                switch (setting.Name)
                {
                    case "memory_limit":
                        memoryLimit = setting.Value.ValueKind == JsonValueKind.String && ServerOptions.IsSize(setting.Value.GetString()!)
                            ? setting.Value.GetString()
                            : throw new ArgumentException($"{at}: 'memory_limit' must be a size such as \"512MB\" or \"4GB\"; got {setting.Value.GetRawText()}.");
                        break;
                    case "threads":
                        threads = setting.Value.ValueKind == JsonValueKind.Number && setting.Value.TryGetInt32(out var count) && count is >= 1 and <= MaxThreads
                            ? count
                            : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{at}: 'threads' must be a whole number from 1 to {MaxThreads}; got {setting.Value.GetRawText()}."));
                        break;
                    case "isolation":
                        isolation = setting.Value.ValueKind == JsonValueKind.String && setting.Value.GetString() is InProcess or OwnProcess
                            ? setting.Value.GetString()
                            : throw new ArgumentException($"{at}: 'isolation' must be \"{InProcess}\" (DuckDB inside the server) or \"{OwnProcess}\" (an engine process of its own); got {setting.Value.GetRawText()}.");
                        break;
                    case "min_workers":
                        // A tenant's database file is opened by one process at a time, so a tenant has at most one worker.
                        minWorkers = setting.Value.ValueKind == JsonValueKind.Number && setting.Value.TryGetInt32(out var workers) && workers is 0 or 1
                            ? workers
                            : throw new ArgumentException($"{at}: 'min_workers' must be 0 (started on first use) or 1 (kept started); got {setting.Value.GetRawText()}.");
                        break;
                    default:
                        throw new ArgumentException($"{at}: unknown setting '{setting.Name}' (known: {string.Join(", ", Known)}).");
                }
            }

            if (minWorkers > 0 && isolation != OwnProcess)
            {
                throw new ArgumentException($"{at}: 'min_workers' needs \"isolation\": \"{OwnProcess}\".");
            }

            settings[tenant.Name] = new TenantSettings(memoryLimit, threads, isolation, minWorkers);
        }

        return settings;
    }
}
