using Quiver.Data.Internal;

namespace Quiver.Data.Tests;

public sealed class HostListTests
{
    [Fact]
    public void Hosts_are_separated_by_commas_and_take_the_Port_keyword_when_they_name_none()
    {
        var settings = QuiverSettings.Parse("Host=a.example:7001, b.example ,[::1]:7003,::1,10.0.0.4;Port=7000;Token=t0123456789abcdef");

        Assert.Equal(
            ["a.example:7001", "b.example:7000", "[::1]:7003", "[::1]:7000", "10.0.0.4:7000"],
            settings.Hosts.Select(h => h.ToString()));
        Assert.Equal("a.example:7001,b.example:7000,[::1]:7003,[::1]:7000,10.0.0.4:7000", settings.DataSource);
        Assert.Equal(new Uri("http://[::1]:7003"), settings.Hosts[2].Uri(tls: false));
        Assert.Equal(new Uri("https://a.example:7001"), settings.Hosts[0].Uri(tls: true));
        Assert.Equal(new Uri("http://a.example:7001"), settings.Address);
    }

    [Fact]
    public void A_local_token_is_used_only_when_every_host_is_local()
    {
        Assert.True(QuiverSettings.Parse("Host=127.0.0.1:1,localhost:2,[::1]:3").IsLoopback);
        Assert.False(QuiverSettings.Parse("Host=127.0.0.1:1,db.example:2").IsLoopback);
    }

    [Theory]
    [InlineData("a,,b", "an empty entry")]
    [InlineData("a:0", "'a:0' (the port must be 1 to 65535)")]
    [InlineData("a:http", "the port must be")]
    [InlineData(":7878", "no host before the port")]
    [InlineData("[db]:7878", "IPv6 address in brackets")]
    [InlineData("fe80:::zz", "'fe80:::zz'")]
    public void A_bad_host_list_says_which_entry_is_wrong(string hosts, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => QuiverSettings.Parse($"Host={hosts}"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("Host", error.ParamName);
    }
}
