namespace Quiver.DuckDb.Tests;

public sealed class ConnectionIsolationTests
{
    [Fact]
    public void Two_connections_see_each_others_committed_tables()
    {
        using var db = TestDatabase.InFile();
        using var first = db.Database.Connect();
        using var second = db.Database.Connect();

        first.Execute("CREATE TABLE shared_numbers(n INTEGER); INSERT INTO shared_numbers VALUES (1), (2), (3)");

        Assert.Equal(6, second.QueryInt64("SELECT sum(n) FROM shared_numbers"));
    }

    [Fact]
    public void A_temp_table_is_invisible_to_other_connections()
    {
        using var db = TestDatabase.InFile();
        using var first = db.Database.Connect();
        using var second = db.Database.Connect();

        first.Execute("CREATE TEMP TABLE private_numbers AS SELECT 42 AS n");

        Assert.Equal(42, first.QueryInt64("SELECT n FROM private_numbers"));
        var error = Assert.Throws<DuckDbException>(() => second.Prepare("SELECT n FROM private_numbers"));
        Assert.Equal(DuckDbErrorType.Catalog, error.ErrorType);
    }

    [Fact]
    public void TimeZone_set_on_one_connection_is_not_seen_by_another()
    {
        using var db = TestDatabase.InMemory();
        using var first = db.Database.Connect();
        using var second = db.Database.Connect();
        var before = second.QueryString("current_setting('TimeZone')");

        first.Execute("SET TimeZone = 'Asia/Tokyo'");

        Assert.Equal("Asia/Tokyo", first.QueryString("current_setting('TimeZone')"));
        Assert.Equal(before, second.QueryString("current_setting('TimeZone')"));
        Assert.NotEqual("Asia/Tokyo", before);
    }

    [Fact]
    public void Uncommitted_rows_are_invisible_to_other_connections_until_commit()
    {
        using var db = TestDatabase.InFile();
        using var writer = db.Database.Connect();
        using var reader = db.Database.Connect();
        writer.Execute("CREATE TABLE t(n INTEGER)");

        writer.Execute("BEGIN TRANSACTION; INSERT INTO t VALUES (7)");
        Assert.Equal(0, reader.QueryInt64("SELECT count(*) FROM t"));

        writer.Execute("COMMIT");
        Assert.Equal(1, reader.QueryInt64("SELECT count(*) FROM t"));
    }

    [Fact]
    public void A_connection_outlives_a_disposed_database_object_safely()
    {
        using var temp = new TempFolder();
        var folder = temp.Path;
        var database = DuckDbDatabase.Open(DuckDbDatabase.InMemory, TestDatabase.OptionsIn(folder));
        using var connection = database.Connect();

        database.Dispose();

        // The connection holds a reference on the database handle: it is closed only after the connection.
        Assert.Equal(2, connection.QueryInt64("SELECT 1 + 1"));
        Assert.Throws<ObjectDisposedException>(() => database.Connect());
    }
}
