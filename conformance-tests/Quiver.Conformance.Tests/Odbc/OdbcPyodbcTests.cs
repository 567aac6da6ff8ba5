using System.Reflection;
using Quiver.Conformance.Tests.Adbc;
using Quiver.Conformance.Tests.Ado;

namespace Quiver.Conformance.Tests.Odbc;

/// <summary>pyodbc, as Python tools use ODBC, against the real server through libquiverodbc (Odbc/pyodbc_test.py).</summary>
public sealed class OdbcPyodbcTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    [Fact]
    public async Task Pyodbc_reads_a_million_rows_binds_every_python_type_runs_executemany_and_lists_the_catalog()
    {
        await OdbcDriver.EnsureAsync();
        var root = typeof(OdbcPyodbcTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "QuiverRepoRoot").Value!;
        var script = Path.Combine(root, "conformance-tests", "Quiver.Conformance.Tests", "Odbc", "pyodbc_test.py");
        var (code, output) = await ProcessRunner.RunAsync(
            OdbcDriver.Python, TimeSpan.FromMinutes(5), null, script, OdbcDriver.ConnectionString(fixture.Server), Guid.NewGuid().ToString("N")[..10]);
        Assert.True(code == 0 && output.Contains("PASS pyodbc", StringComparison.Ordinal), $"pyodbc_test.py exited with {code}:\n{output}");
    }
}
