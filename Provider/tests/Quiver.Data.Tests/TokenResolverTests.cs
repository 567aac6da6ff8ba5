using Quiver.Data.Internal;

namespace Quiver.Data.Tests;

/// <summary>Where the token comes from, with the working and application directories and the environment made explicit.</summary>
public sealed class TokenResolverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("quiver-token-").FullName;
    private readonly Dictionary<string, string> _environment = [];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Dir(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    private TokenResolver Resolver() => new(name => _environment.GetValueOrDefault(name), Dir("work"), Dir("app"));

    private static void WriteToken(string directory, string token)
    {
        Directory.CreateDirectory(Path.Combine(directory, "quiver-data"));
        File.WriteAllText(Path.Combine(directory, "quiver-data", "token"), token + "\n");
    }

    [Fact]
    public void A_relative_Token_File_is_read_from_the_application_directory_not_the_working_directory()
    {
        File.WriteAllText(Path.Combine(Dir("app"), "service.token"), "from-app-dir\n");
        File.WriteAllText(Path.Combine(Dir("work"), "service.token"), "from-work-dir\n");

        Assert.Equal("from-app-dir", Resolver().Resolve(new QuiverConnectionStringBuilder("Host=db.example;Token File=service.token"), isLoopback: false));
    }

    [Fact]
    public void A_missing_Token_File_names_the_full_path_it_tried()
    {
        var error = Assert.Throws<QuiverException>(
            () => Resolver().Resolve(new QuiverConnectionStringBuilder("Token File=secrets/missing.token"), isLoopback: true));

        Assert.Equal("28000", error.SqlState);
        Assert.Contains(Path.Combine(_root, "app", "secrets", "missing.token"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loopback_host_takes_QUIVER_TOKEN_then_the_working_directory_then_the_application_directory()
    {
        var builder = new QuiverConnectionStringBuilder("Host=127.0.0.1");
        WriteToken(Dir("app"), "app-token");
        Assert.Equal("app-token", Resolver().Resolve(builder, isLoopback: true));

        WriteToken(Dir("work"), "work-token");
        Assert.Equal("work-token", Resolver().Resolve(builder, isLoopback: true));

        _environment["QUIVER_TOKEN"] = "env-token";
        Assert.Equal("env-token", Resolver().Resolve(builder, isLoopback: true));

        Assert.Equal("given", Resolver().Resolve(new QuiverConnectionStringBuilder("Token=given"), isLoopback: true));
    }

    [Fact]
    public void Without_a_token_the_error_lists_every_place_looked()
    {
        var error = Assert.Throws<QuiverException>(() => Resolver().Resolve(new QuiverConnectionStringBuilder("Host=localhost"), isLoopback: true));

        Assert.Equal("28000", error.SqlState);
        Assert.Contains("Token and Token File", error.Message, StringComparison.Ordinal);
        Assert.Contains("QUIVER_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_root, "work", "quiver-data", "token"), error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_root, "app", "quiver-data", "token"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_remote_host_never_uses_the_local_token_sources()
    {
        WriteToken(Dir("work"), "work-token");
        _environment["QUIVER_TOKEN"] = "env-token";

        var error = Assert.Throws<QuiverException>(() => Resolver().Resolve(new QuiverConnectionStringBuilder("Host=db.example"), isLoopback: false));
        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
    }
}
