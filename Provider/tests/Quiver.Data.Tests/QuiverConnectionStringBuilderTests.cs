using Quiver.Data;

namespace Quiver.Data.Tests;

public sealed class QuiverConnectionStringBuilderTests
{
    [Fact]
    public void Keywords_are_case_insensitive_and_synonyms_map_to_canonical_names()
    {
        var builder = new QuiverConnectionStringBuilder("server=db.example;PORT=9000;pwd=secret-token-123;max pool size=7;SSL=yes;connect timeout=4");
        Assert.Equal("db.example", builder.Host);
        Assert.Equal(9000, builder.Port);
        Assert.Equal("secret-token-123", builder.Token);
        Assert.Equal(7, builder.MaximumPoolSize);
        Assert.True(builder.Tls);
        Assert.Equal(4, builder.Timeout);
        Assert.Contains("Host=db.example", builder.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_apply_when_a_keyword_is_missing()
    {
        var builder = new QuiverConnectionStringBuilder("");
        Assert.Equal(("127.0.0.1", 7878, true, 0, 100, 300, 15, 30, false), (builder.Host, builder.Port, builder.Pooling, builder.MinimumPoolSize,
            builder.MaximumPoolSize, builder.ConnectionIdleLifetime, builder.Timeout, builder.CommandTimeout, builder.Tls));
    }

    [Theory]
    [InlineData("Colour=blue", "'Colour' is not supported")]
    [InlineData("Port=abc", "'Port' has an invalid value 'abc'")]
    [InlineData("Pooling=maybe", "'Pooling' has an invalid value 'maybe'")]
    [InlineData("Command Timeout=-1", "'Command Timeout' has an invalid value '-1'")]
    public void Unknown_keywords_and_bad_values_are_ArgumentExceptions_naming_them(string connectionString, string expected)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new QuiverConnectionStringBuilder(connectionString));
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Inconsistent_pool_sizes_and_ports_fail_when_a_data_source_is_built()
    {
        Assert.Contains("Maximum Pool Size", Assert.ThrowsAny<ArgumentException>(() => QuiverDataSource.Create("Min Pool Size=5;Max Pool Size=2")).Message, StringComparison.Ordinal);
        Assert.Contains("Port", Assert.ThrowsAny<ArgumentException>(() => QuiverDataSource.Create("Port=70000")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_never_appears_in_ToString_or_in_an_open_connections_string()
    {
        var builder = new QuiverConnectionStringBuilder("Host=h;Token=very-secret-token-value");
        Assert.DoesNotContain("very-secret-token-value", builder.ToString(), StringComparison.Ordinal);
        Assert.Contains("very-secret-token-value", builder.ConnectionString, StringComparison.Ordinal);
        using var source = QuiverDataSource.Create("Host=h;Password=very-secret-token-value");
        Assert.DoesNotContain("very-secret-token-value", source.ConnectionString, StringComparison.Ordinal);
    }
}
