namespace Quiver.DuckDb.Tests;

public sealed class DatabaseSafetyTests : InMemoryConnectionTest
{
    [Fact]
    public void Every_database_opens_with_extension_autoinstall_and_autoload_off()
    {
        Assert.Equal("false", Connection.QueryString("current_setting('autoinstall_known_extensions')"));
        Assert.Equal("false", Connection.QueryString("current_setting('autoload_known_extensions')"));
        Assert.Equal("false", Connection.QueryString("current_setting('allow_community_extensions')"));
    }

    [Fact]
    public void Extension_directory_is_the_configured_local_folder()
    {
        var expected = Path.GetFullPath(Path.Combine(Db.Folder, "extensions"));
        Assert.Equal(expected, Connection.QueryString("current_setting('extension_directory')"));
        Assert.True(Directory.Exists(expected));
    }

    [Fact]
    public void External_access_is_off_unless_asked_for()
    {
        Assert.Equal("false", Connection.QueryString("current_setting('enable_external_access')"));
    }

    [Fact]
    public void Reading_a_file_with_external_access_off_is_a_permission_error()
    {
        var error = Assert.Throws<DuckDbException>(() => Connection.Prepare("SELECT * FROM read_csv('/etc/passwd')"));

        Assert.Equal(DuckDbErrorType.Permission, error.ErrorType);
    }

    [Fact]
    public void Copy_to_a_file_with_external_access_off_is_a_permission_error_and_writes_nothing()
    {
        var target = Path.Combine(Db.Folder, "exported.csv");

        var error = Assert.Throws<DuckDbException>(() => Connection.Execute($"COPY (SELECT 42 AS x) TO '{target}'"));

        Assert.Equal(DuckDbErrorType.Permission, error.ErrorType);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Copy_to_tmp_with_external_access_off_is_a_permission_error()
    {
        var target = Path.Combine(Path.GetTempPath(), $"quiver-copy-{Guid.NewGuid():N}.csv");

        var error = Assert.Throws<DuckDbException>(() => Connection.Execute($"COPY (SELECT 1) TO '{target}'"));

        Assert.Equal(DuckDbErrorType.Permission, error.ErrorType);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Allowed_directories_open_only_that_folder_while_external_access_is_off()
    {
        using var temp = new TempFolder();
        var folder = temp.Path;
        var data = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
        File.WriteAllText(Path.Combine(data, "numbers.csv"), "n\n1\n2\n3\n");
        var options = new DuckDbDatabaseOptions
        {
            ExtensionDirectory = Path.Combine(folder, "extensions"),
            AllowedDirectories = [data],
        };
        using var database = DuckDbDatabase.Open(DuckDbDatabase.InMemory, options);
        using var connection = database.Connect();

        Assert.Equal("false", connection.QueryString("current_setting('enable_external_access')"));
        Assert.Equal(6, connection.QueryInt64($"SELECT sum(n) FROM read_csv('{Path.Combine(data, "numbers.csv")}')"));
        var error = Assert.Throws<DuckDbException>(() => connection.Prepare("SELECT * FROM read_csv('/etc/passwd')"));
        Assert.Equal(DuckDbErrorType.Permission, error.ErrorType);
    }

    [Fact]
    public void External_access_cannot_be_switched_back_on_from_sql()
    {
        Assert.Throws<DuckDbException>(() => Connection.Execute("SET enable_external_access = true"));
        Assert.Equal("false", Connection.QueryString("current_setting('enable_external_access')"));
    }

    [Theory]
    [InlineData("autoinstall_known_extensions")]
    [InlineData("AUTOLOAD_KNOWN_EXTENSIONS")]
    [InlineData("enable_external_access")]
    [InlineData("extension_directory")]
    public void Safety_settings_cannot_be_overridden_through_options(string name)
    {
        using var temp = new TempFolder();
        var folder = temp.Path;
        var options = new DuckDbDatabaseOptions
        {
            ExtensionDirectory = Path.Combine(folder, "extensions"),
            Settings = new Dictionary<string, string> { [name] = "true" },
        };

        var error = Assert.Throws<ArgumentException>(() => DuckDbDatabase.Open(DuckDbDatabase.InMemory, options));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_option_is_a_clear_error()
    {
        using var temp = new TempFolder();
        var folder = temp.Path;
        var options = new DuckDbDatabaseOptions
        {
            ExtensionDirectory = Path.Combine(folder, "extensions"),
            Settings = new Dictionary<string, string> { ["no_such_option"] = "1" },
        };

        var error = Assert.Throws<DuckDbException>(() => DuckDbDatabase.Open(DuckDbDatabase.InMemory, options));

        Assert.Equal(DuckDbErrorType.InvalidInput, error.ErrorType);
        Assert.Contains("no_such_option", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Library_version_is_the_pinned_release()
    {
        // DuckDB.NET.Bindings.Full 1.5.6.1 carries DuckDB v1.5.6 (source id 069cc9f9b5); a package update that changes
        // the engine, or the extensions built into it, is noticed here first.
        Assert.Equal("v1.5.6", DuckDbDatabase.LibraryVersion);
        Assert.Equal("v1.5.6", Connection.QueryString("version()"));
        Assert.Equal("069cc9f9b5", Connection.QueryString("(SELECT source_id FROM pragma_version())"));

        // duckdb_extensions() lists the extension folder, which external access off forbids: look from an open one.
        var folder = Directory.CreateTempSubdirectory("quiver-builtin-list-").FullName;
        try
        {
            using var open = DuckDbDatabase.Open(DuckDbDatabase.InMemory, new DuckDbDatabaseOptions { ExtensionDirectory = folder, EnableExternalAccess = true });
            using var connection = open.Connect();
            Assert.Equal(
                "autocomplete,core_functions,icu,json,parquet",
                connection.QueryString("(SELECT string_agg(extension_name, ',' ORDER BY extension_name) FROM duckdb_extensions() WHERE install_mode = 'STATICALLY_LINKED')"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
