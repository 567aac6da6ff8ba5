using Quiver.Conformance.Tests.Ado;

namespace Quiver.Conformance.Tests.Adbc;

/// <summary>
/// libquiver_adbc driven from C through its AdbcDriverInit, against the real server: each test is one scenario of
/// c/adbc_driver_test.c, which checks what it gets value by value and ends by checking that releasing every object
/// left nothing of the driver's alive.
/// </summary>
public sealed class AdbcDriverTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    [Fact]
    public Task Init_serves_revisions_1_1_0_and_1_0_0_and_refuses_1_2_0() => AdbcDriverProgram.RunAsync(fixture.Server, "versions");

    [Fact]
    public Task GetInfo_and_GetOption_answer_the_vendor_driver_and_ADBC_version() => AdbcDriverProgram.RunAsync(fixture.Server, "info");

    [Fact]
    public Task A_query_streams_every_type_with_every_value_and_NULL_in_place() => AdbcDriverProgram.RunAsync(fixture.Server, "types");

    [Fact]
    public Task Bound_Arrow_parameters_run_a_prepared_query_and_an_insert_once_per_row() => AdbcDriverProgram.RunAsync(fixture.Server, "params");

    [Fact]
    public Task Bound_parameters_larger_than_a_server_message_go_in_several_calls() => AdbcDriverProgram.RunAsync(fixture.Server, "big_params");

    [Fact]
    public Task Bulk_ingest_creates_appends_replaces_and_refuses_what_its_mode_forbids() => AdbcDriverProgram.RunAsync(fixture.Server, "ingest");

    [Fact]
    public Task Autocommit_off_gives_commit_and_rollback() => AdbcDriverProgram.RunAsync(fixture.Server, "transactions");

    [Fact]
    public Task GetObjects_lists_catalogs_schemas_tables_columns_and_keys_at_every_depth() => AdbcDriverProgram.RunAsync(fixture.Server, "objects");

    [Fact]
    public Task Cancel_from_another_thread_stops_a_long_query_and_the_connection_goes_on() => AdbcDriverProgram.RunAsync(fixture.Server, "cancel");

    [Fact]
    public Task Errors_carry_the_servers_SQLSTATE_and_a_status_that_matches_it() => AdbcDriverProgram.RunAsync(fixture.Server, "errors");

    [Fact]
    public Task Two_statements_of_one_connection_take_turns() => AdbcDriverProgram.RunAsync(fixture.Server, "two_statements");

    [Fact]
    public void The_published_driver_has_a_manifest_naming_its_library_for_this_platform()
    {
        var manifest = File.ReadAllText(Path.Combine(Path.GetDirectoryName(AdbcDriverProgram.Library)!, "quiver.toml"));
        Assert.Contains("entrypoint = 'AdbcDriverInit'", manifest, StringComparison.Ordinal);
        Assert.Contains($"_amd64 = '{AdbcDriverProgram.Library}'", manifest.Replace("_arm64", "_amd64", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
