using System.Reflection;
using Quiver.Conformance.Tests.Adbc;

namespace Quiver.Conformance.Tests.Odbc;

/// <summary>
/// The published libquiverodbc and the ODBC components it is checked with, which the project did not write: unixODBC's
/// driver manager and isql, Debian's pyodbc and System.Data.Odbc (NuGet). What is missing of Debian's packages is
/// installed with apt-get, once per test run, as bench/run installs PostgreSQL.
/// </summary>
public static class OdbcDriver
{
    private static readonly Lazy<Task> Installed = new(InstallAsync);

    public static string Library => typeof(OdbcDriver).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "QuiverOdbcLibrary").Value!;

    /// <summary>Debian's Python, which Debian's python3-pyodbc is built for.</summary>
    public const string Python = "/usr/bin/python3";

    public static string ConnectionString(ServerProcess server, string extra = "")
        => $"Driver={Library};Host={server.Address.Host};Port={server.Address.Port};Token={server.Token}{(extra.Length > 0 ? ";" + extra : "")}";

    /// <summary>Makes sure unixODBC (libodbc, isql) and pyodbc are installed and the driver was published.</summary>
    public static Task EnsureAsync() => Installed.Value;

    private static async Task InstallAsync()
    {
        Assert.True(File.Exists(Library), $"{Library} is missing: building the conformance tests publishes it (dotnet publish Provider/Quiver.Odbc -c Release).");
        if (File.Exists("/usr/bin/isql") && PyodbcInstalled() && LibOdbcInstalled())
        {
            return;
        }

        await DebianPackages.InstallAsync("the ODBC tests need them", "unixodbc", "python3-pyodbc");
    }

    private static bool PyodbcInstalled() => Directory.Exists("/usr/lib/python3/dist-packages")
        && Directory.EnumerateFileSystemEntries("/usr/lib/python3/dist-packages", "pyodbc*").Any();

    private static bool LibOdbcInstalled() => File.Exists("/usr/lib/x86_64-linux-gnu/libodbc.so.2") || File.Exists("/usr/lib/aarch64-linux-gnu/libodbc.so.2");

    /// <summary>
    /// An odbcinst.ini registering the driver as "Quiver" and an odbc.ini with a DSN for the server, in a folder of
    /// their own, and the environment that makes unixODBC read them (ODBCSYSINI, ODBCINI) in a child process.
    /// </summary>
    public static Dictionary<string, string> DsnEnvironment(ServerProcess server, string dsn)
    {
        var folder = Path.Combine(Path.GetTempPath(), "quiver-odbc-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "odbcinst.ini"), $"[Quiver]\nDescription = Quiver ODBC driver\nDriver = {Library}\n");
        File.WriteAllText(Path.Combine(folder, "odbc.ini"), $"[{dsn}]\nDriver = Quiver\nHost = {server.Address.Host}\nPort = {server.Address.Port}\nToken = {server.Token}\nApplication Name = odbc-dsn\n");
        return new Dictionary<string, string> { ["ODBCSYSINI"] = folder, ["ODBCINI"] = Path.Combine(folder, "odbc.ini") };
    }
}
