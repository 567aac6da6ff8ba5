namespace Quiver.Data.Internal;

/// <summary>
/// Finds the bearer token for a connection string. Relative file names resolve against the application's directory
/// (AppContext.BaseDirectory), not the working directory: a service's working directory is whatever its host chose
/// (systemd starts in /, IIS in its own folder), while its own directory is where it was deployed.
/// </summary>
internal sealed class TokenResolver(Func<string, string?> environment, string workingDirectory, string applicationDirectory)
{
    public static readonly TokenResolver Default = new(Environment.GetEnvironmentVariable, Environment.CurrentDirectory, AppContext.BaseDirectory);

    /// <summary>A connection-string file name as an absolute path.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, applicationDirectory);

    public string Resolve(QuiverConnectionStringBuilder builder, bool isLoopback)
    {
        if (builder.Token is { Length: > 0 } token)
        {
            return token;
        }

        if (builder.TokenFile is { Length: > 0 } file)
        {
            var path = FullPath(file);
            if (!File.Exists(path))
            {
                throw NoToken($"'Token File' names {path}, which does not exist (a relative Token File is taken from the application's directory, {applicationDirectory}).");
            }

            return Read(path, "Token File");
        }

        if (!isLoopback)
        {
            throw NoToken("set Token or Token File in the connection string (QUIVER_TOKEN and a local server's token file are used only for a loopback host).");
        }

        if (environment("QUIVER_TOKEN") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        var looked = new List<string> { "Token and Token File (not in the connection string)", "the QUIVER_TOKEN environment variable (not set)" };
        foreach (var directory in new[] { workingDirectory, applicationDirectory }.Distinct(StringComparer.Ordinal))
        {
            var local = Path.GetFullPath(Path.Combine("quiver-data", "token"), directory);
            if (File.Exists(local))
            {
                return Read(local, "the local server's token file");
            }

            looked.Add($"{local} (no such file)");
        }

        throw NoToken("looked at " + string.Join("; ", looked) + ".");
    }

    private static QuiverException NoToken(string detail)
        => new("No token to authenticate with: " + detail, "28000", QuiverErrorClass.Permission);

    private static string Read(string path, string what)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new QuiverException($"Could not read the token from {what} '{path}': {error.Message}", "28000", QuiverErrorClass.Permission, error);
        }
    }
}
