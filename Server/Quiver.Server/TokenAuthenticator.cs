using System.Security.Cryptography;
using System.Text;

namespace Quiver.Server;

/// <summary>
/// Checks <c>authorization: Bearer &lt;token&gt;</c> in constant time. With no token configured the server makes one
/// and leaves it in <c>&lt;data&gt;/token</c>, readable by its owner only, for local tools to pick up.
/// </summary>
internal sealed class TokenAuthenticator
{
    public const string Principal = "default";
    private const string Scheme = "Bearer ";
    private readonly byte[] _tokenHash;

    private TokenAuthenticator(string token) => _tokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Where a generated token was written (null when configured, or when the database is in memory).</summary>
    public string? TokenFile { get; private init; }

    public string? GeneratedToken { get; private init; }

    public static TokenAuthenticator Create(ServerOptions options)
    {
        if (options.Token is { } configured)
        {
            return new TokenAuthenticator(configured);
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        if (options.InMemory)
        {
            return new TokenAuthenticator(token) { GeneratedToken = token };
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

        return new TokenAuthenticator(token) { GeneratedToken = token, TokenFile = file };
    }

    /// <summary>The principal the header authenticates, or null for a missing or wrong token.</summary>
    public string? Authenticate(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var presented = Encoding.UTF8.GetBytes(authorization.AsSpan(Scheme.Length).Trim().ToString());
        // FixedTimeEquals takes the same time for any two spans of one length; hashing first hides the length too.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(presented), _tokenHash) ? Principal : null;
    }
}
