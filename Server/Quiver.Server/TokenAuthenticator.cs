using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Quiver.Server;

/// <summary>
/// Checks <c>authorization: Bearer &lt;token&gt;</c> in constant time and names the principal (and its tenant). Tokens
/// come from <c>--token</c>, a tokens file, or, with neither, one the server makes and leaves in
/// <c>&lt;data&gt;/token</c>, readable by its owner only, for local tools to pick up.
/// </summary>
internal sealed partial class TokenAuthenticator
{
    public const string DefaultPrincipal = "default";
    private const string Scheme = "Bearer ";
    private readonly (byte[] Hash, string Principal)[] _tokens;
    private readonly Dictionary<string, string> _tenants;

    private TokenAuthenticator((byte[] Hash, string Principal)[] tokens, Dictionary<string, string> tenants, Dictionary<string, TenantSettings>? settings = null)
    {
        _tokens = tokens;
        _tenants = tenants;
        TenantSettings = settings ?? [];
    }

    /// <summary>Each tenant's own limits from the tokens file, for the tenants that have any.</summary>
    public IReadOnlyDictionary<string, TenantSettings> TenantSettings { get; }

    /// <summary>Where a generated token was written (null when configured, or when the database is in memory).</summary>
    public string? TokenFile { get; private init; }

    public string? GeneratedToken { get; private init; }

    public static TokenAuthenticator Create(ServerOptions options)
    {
        if (options.TokensFile is { } tokensFile)
        {
            return FromFile(tokensFile);
        }

        if (options.Token is { } configured)
        {
            return Single(configured);
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        if (options.InMemory)
        {
            return Single(token, generated: true);
        }

        var file = Path.Combine(Path.GetFullPath(options.DataFolder), "token");
        File.Delete(file);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(file, create))
        {
            stream.Write(Encoding.UTF8.GetBytes(token));
        }

        return Single(token, generated: true, file);
    }

    /// <summary>The principal the header authenticates, or null for a missing or wrong token.</summary>
    public string? Authenticate(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // Hashing first makes every comparison the same length; every token is compared, so timing says nothing.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization.AsSpan(Scheme.Length).Trim().ToString()));
        string? principal = null;
        foreach (var (hash, owner) in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, hash))
            {
                principal = owner;
            }
        }

        return principal;
    }

    /// <summary>The tenant whose database a principal's sessions use.</summary>
    /// <summary>How many tenants the tokens name (at least one).</summary>
    public int TenantCount => Math.Max(1, _tenants.Values.Distinct(StringComparer.Ordinal).Count());

    public string TenantOf(string principal) => _tenants.GetValueOrDefault(principal, EmbeddedDatabase.DefaultTenant);

    private static TokenAuthenticator Single(string token, bool generated = false, string? file = null)
        => new([(Hash(token), DefaultPrincipal)], new Dictionary<string, string>(StringComparer.Ordinal) { [DefaultPrincipal] = EmbeddedDatabase.DefaultTenant })
        {
            GeneratedToken = generated ? token : null,
            TokenFile = file,
        };

    /// <summary>
    /// Reads <c>{"tokens": [{"token": "...", "principal": "alice", "tenant": "acme"}, ...]}</c>; the tenant defaults to
    /// "default". A principal belongs to one tenant. An optional <c>"tenants"</c> object sets tenants' own limits
    /// (<see cref="Server.TenantSettings"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The file is missing, malformed, or breaks a rule; the message says which.</exception>
    public static TokenAuthenticator FromFile(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new ArgumentException($"Tokens file '{path}' could not be read: {error.Message}");
        }

        using (document)
        {
            var tokens = new List<(byte[], string)>();
            var tenants = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            if (!document.RootElement.TryGetProperty("tokens", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                throw new ArgumentException($"Tokens file '{path}' must hold {{\"tokens\": [{{\"token\": ..., \"principal\": ..., \"tenant\": ...}}]}} with at least one entry.");
            }

            var index = 0;
            foreach (var entry in list.EnumerateArray())
            {
                string? Text(string name) => entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                var where = $"Tokens file '{path}', entry {index++}";
                var token = Text("token") ?? throw new ArgumentException($"{where}: 'token' is missing.");
                var principal = Text("principal") ?? throw new ArgumentException($"{where}: 'principal' is missing.");
                var tenant = Text("tenant") ?? EmbeddedDatabase.DefaultTenant;
                if (token.Length < ServerOptions.MinTokenLength || token.Any(char.IsWhiteSpace))
                {
                    throw new ArgumentException($"{where}: a token must be at least {ServerOptions.MinTokenLength} characters without spaces.");
                }

                if (!seen.Add(token))
                {
                    throw new ArgumentException($"{where}: the same token appears twice.");
                }

                if (!NamePattern().IsMatch(principal) || !NamePattern().IsMatch(tenant))
                {
                    throw new ArgumentException($"{where}: principal and tenant names are 1-64 letters, digits, '_', '-' or '.', not starting with '.'.");
                }

                if (tenants.TryGetValue(principal, out var other) && other != tenant)
                {
                    throw new ArgumentException($"{where}: principal '{principal}' is already in tenant '{other}'; a principal belongs to one tenant.");
                }

                tenants[principal] = tenant;
                tokens.Add((Hash(token), principal));
            }

            var settings = document.RootElement.TryGetProperty("tenants", out var perTenant)
                ? Server.TenantSettings.Parse(perTenant, $"Tokens file '{path}'", tenants.Values.ToHashSet(StringComparer.Ordinal))
                : null;
            return new TokenAuthenticator([.. tokens], tenants, settings);
        }
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex NamePattern();
}
