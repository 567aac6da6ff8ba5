namespace Quiver.Server.Tests;

public sealed class ServerOptionsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Defaults_hold_without_options()
    {
        var options = ServerOptions.Parse([], NoEnvironment);

        Assert.Equal("127.0.0.1:7878", options.Listen.ToString());
        Assert.Equal(ServerOptions.DefaultData, options.DataFolder);
        Assert.Equal(TimeSpan.FromMinutes(30), options.IdleTimeout);
        Assert.Equal(4 * 1024 * 1024, options.MaxMessageBytes);
    }

    [Fact]
    public void The_admin_port_is_off_by_default_and_a_bare_port_listens_on_loopback()
    {
        var defaults = ServerOptions.Parse([], NoEnvironment);
        var port = ServerOptions.Parse(["--admin-listen", "9464"], NoEnvironment);
        var address = ServerOptions.Parse(["--admin-listen", "[::1]:9464", "--otlp-endpoint", "http://127.0.0.1:4318", "--otlp-protocol", "http/protobuf"], NoEnvironment);

        Assert.Equal((null, null, "grpc"), (defaults.AdminListen, defaults.OtlpEndpoint, defaults.OtlpProtocol));
        Assert.Equal("127.0.0.1:9464", port.AdminListen!.ToString());
        Assert.Equal(("[::1]:9464", "http://127.0.0.1:4318/", "http/protobuf"), (address.AdminListen!.ToString(), address.OtlpEndpoint!.ToString(), address.OtlpProtocol));
    }

    [Fact]
    public void Resource_bounds_have_defaults_and_the_per_principal_share_follows_the_server_wide_limit()
    {
        var defaults = ServerOptions.Parse([], NoEnvironment);
        var set = ServerOptions.Parse(["--max-concurrent-operations", "10", "--tenant-memory-limit", "4GiB", "--stream-stall-timeout", "0"], NoEnvironment);
        var explicitShare = ServerOptions.Parse(["--max-concurrent-operations", "10", "--max-operations-per-principal", "50"], NoEnvironment);

        Assert.Equal((32, 1000, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(15)),
            (defaults.MaxOperationsPerPrincipal, defaults.MaxSetOperations, defaults.StreamStallTimeout, defaults.OrphanedSessionTimeout));
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), (string?)null), (defaults.KeepAliveInterval, defaults.KeepAliveTimeout, defaults.TenantMemoryLimit));
        Assert.Equal((5, "4GiB", TimeSpan.Zero), (set.MaxOperationsPerPrincipal, set.TenantMemoryLimit, set.StreamStallTimeout));
        Assert.Equal(10, explicitShare.MaxOperationsPerPrincipal);
    }

    [Fact]
    public void The_reattach_window_holds_at_least_one_message_and_abandoned_operations_have_a_timeout()
    {
        var defaults = ServerOptions.Parse([], NoEnvironment);
        var smaller = ServerOptions.Parse(["--reattach-window-bytes", "1048576", "--max-message-bytes", "2097152", "--reattach-timeout", "30s"], NoEnvironment);

        Assert.Equal((8 * 1024 * 1024, TimeSpan.FromMinutes(5)), (defaults.ReattachWindowBytes, defaults.ReattachTimeout));
        Assert.Equal((2 * 1024 * 1024, TimeSpan.FromSeconds(30)), (smaller.ReattachWindowBytes, smaller.ReattachTimeout));
        Assert.Throws<ArgumentException>(() => ServerOptions.Parse(["--reattach-timeout", "0"], NoEnvironment));
        Assert.Throws<ArgumentException>(() => ServerOptions.Parse(["--reattach-window-bytes", "1000"], NoEnvironment));
    }

    [Fact]
    public void Tenants_run_in_the_server_process_unless_told_otherwise()
    {
        var defaults = ServerOptions.Parse([], NoEnvironment);
        var set = ServerOptions.Parse(["--tenant-isolation", "process", "--worker-idle-timeout", "30s"], NoEnvironment);

        Assert.Equal(("tenant", TimeSpan.FromMinutes(10), (string?)null), (defaults.TenantIsolation, defaults.WorkerIdleTimeout, defaults.WorkerTenant));
        Assert.Equal(("process", TimeSpan.FromSeconds(30)), (set.TenantIsolation, set.WorkerIdleTimeout));
        Assert.Throws<ArgumentException>(() => ServerOptions.Parse(["--tenant-isolation", "vm"], NoEnvironment));
    }

    [Fact]
    public void Command_line_beats_environment_beats_config_file()
    {
        var config = Path.GetTempFileName();
        File.WriteAllText(config, """{ "max-sessions": 10, "idle-timeout": "5m", "statement-timeout": "90s", /* comment */ }""");
        try
        {
            var options = ServerOptions.Parse(
                ["--config", config, "--max-sessions=20"],
                name => name == "QUIVER_IDLE_TIMEOUT" ? "250ms" : null);

            Assert.Equal(20, options.MaxSessions);
            Assert.Equal(TimeSpan.FromMilliseconds(250), options.IdleTimeout);
            Assert.Equal(TimeSpan.FromSeconds(90), options.StatementTimeout);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Theory]
    [InlineData("--max-sessions", "0", "max-sessions")]
    [InlineData("--idle-timeout", "soon", "idle-timeout")]
    [InlineData("--idle-timeout", "0", "idle-timeout")]
    [InlineData("--max-message-bytes", "10", "max-message-bytes")]
    [InlineData("--token", "short", "--token")]
    [InlineData("--bogus", "1", "Unknown option --bogus")]
    [InlineData("--tls-cert", "a.pem", "--tls-key")]
    [InlineData("--tenant-memory-limit", "lots", "tenant-memory-limit")]
    [InlineData("--tenant-threads", "0", "tenant-threads")]
    [InlineData("--max-result-rows", "-1", "max-result-rows")]
    [InlineData("--max-result-bytes", "1MB", "max-result-bytes")]
    [InlineData("--tenant-threads", "1025", "tenant-threads")]
    [InlineData("--max-set-operations", "-1", "max-set-operations")]
    [InlineData("--orphaned-session-timeout", "0", "orphaned-session-timeout")]
    [InlineData("--keepalive-timeout", "0", "keepalive-timeout")]
    [InlineData("--admin-listen", "somewhere", "admin-listen")]
    [InlineData("--otlp-endpoint", "127.0.0.1:4317", "otlp-endpoint")]
    [InlineData("--otlp-protocol", "udp", "otlp-protocol")]
    public void Bad_values_are_named(string option, string value, string message)
        => Assert.Contains(message, Assert.Throws<ArgumentException>(() => ServerOptions.Parse([option, value], NoEnvironment)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_tokens_file_maps_tokens_to_principals_and_tenants()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, """{"tokens": [{"token": "aaaaaaaaaaaaaaaa1", "principal": "ann", "tenant": "t1"}, {"token": "bbbbbbbbbbbbbbbb2", "principal": "ben"}]}""");
        try
        {
            var authenticator = TokenAuthenticator.FromFile(file);

            Assert.Equal("ann", authenticator.Authenticate("Bearer aaaaaaaaaaaaaaaa1"));
            Assert.Equal("ben", authenticator.Authenticate("bearer bbbbbbbbbbbbbbbb2"));
            Assert.Null(authenticator.Authenticate("Bearer aaaaaaaaaaaaaaaa"));
            Assert.Equal("t1", authenticator.TenantOf("ann"));
            Assert.Equal("default", authenticator.TenantOf("ben"));

            File.WriteAllText(file, """{"tokens": [{"token": "aaaaaaaaaaaaaaaa1", "principal": "ann", "tenant": "../up"}]}""");
            Assert.Contains("entry 0", Assert.Throws<ArgumentException>(() => TokenAuthenticator.FromFile(file)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_tokens_file_gives_tenants_their_own_memory_limit_and_threads()
    {
        var file = Path.GetTempFileName();
        const string Tokens = """{"tokens": [{"token": "aaaaaaaaaaaaaaaa1", "principal": "ann", "tenant": "t1"}, {"token": "bbbbbbbbbbbbbbbb2", "principal": "ben"}]""";
        void Write(string? tenants) => File.WriteAllText(file, Tokens + (tenants is null ? "}" : $", \"tenants\": {tenants}}}"));
        string Refusal(string tenants)
        {
            Write(tenants);
            return Assert.Throws<ArgumentException>(() => TokenAuthenticator.FromFile(file)).Message;
        }

        try
        {
            Write("""{"t1": {"memory_limit": "2GiB", "threads": 3}, "default": {"threads": 1}}""");
            var settings = TokenAuthenticator.FromFile(file).TenantSettings;
            Write(null);
            var none = TokenAuthenticator.FromFile(file).TenantSettings;

            Assert.Equal(new TenantSettings("2GiB", 3), settings["t1"]);
            Assert.Equal(new TenantSettings(null, 1), settings["default"]);
            Assert.Empty(none);
            Assert.Contains("tenant 't1': unknown setting 'memory' (known: memory_limit, threads, isolation, min_workers)", Refusal("""{"t1": {"memory": "1GB"}}"""), StringComparison.Ordinal);
            Assert.Contains("tenant 't1': 'threads' must be a whole number from 1 to 1024; got 0", Refusal("""{"t1": {"threads": 0}}"""), StringComparison.Ordinal);
            Assert.Contains("tenant 't1': 'threads' must be a whole number from 1 to 1024; got \"2\"", Refusal("""{"t1": {"threads": "2"}}"""), StringComparison.Ordinal);
            Assert.Contains("tenant 't1': 'memory_limit' must be a size", Refusal("""{"t1": {"memory_limit": "lots"}}"""), StringComparison.Ordinal);
            Assert.Contains("tenant 'acme': no token in the file belongs to this tenant", Refusal("""{"acme": {"threads": 1}}"""), StringComparison.Ordinal);
            Assert.Contains("'tenants' must be an object", Refusal("""[]"""), StringComparison.Ordinal);
            Assert.Contains("tenant 't1': the settings must be an object", Refusal("""{"t1": 4}"""), StringComparison.Ordinal);

            Write("""{"t1": {"isolation": "process", "min_workers": 1}, "default": {"isolation": "tenant"}}""");
            var isolation = TokenAuthenticator.FromFile(file).TenantSettings;
            Assert.Equal(new TenantSettings(null, null, "process", 1), isolation["t1"]);
            Assert.Equal(new TenantSettings(null, null, "tenant"), isolation["default"]);
            Assert.Contains("'isolation' must be \"tenant\" (DuckDB inside the server) or \"process\"", Refusal("""{"t1": {"isolation": "vm"}}"""), StringComparison.Ordinal);
            Assert.Contains("'min_workers' must be 0 (started on first use) or 1 (kept started); got 2", Refusal("""{"t1": {"isolation": "process", "min_workers": 2}}"""), StringComparison.Ordinal);
            Assert.Contains("'min_workers' needs \"isolation\": \"process\"", Refusal("""{"t1": {"min_workers": 1}}"""), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
