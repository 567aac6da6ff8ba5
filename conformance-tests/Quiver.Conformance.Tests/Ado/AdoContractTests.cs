using System.Data.Common;
using Quiver.Data;

namespace Quiver.Conformance.Tests.Ado;

/// <summary>ADO.NET contract details that code written for other providers relies on.</summary>
public sealed class AdoContractTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    [Fact]
    public async Task A_reader_without_a_result_set_refuses_column_access_with_InvalidOperationException()
    {
        await using var connection = await fixture.OpenAsync();
        await using var reader = await new QuiverCommand("CREATE TEMP TABLE no_result (x INTEGER)", connection).ExecuteReaderAsync();

        Assert.Equal(0, reader.FieldCount);
        Assert.False(await reader.ReadAsync());
        Assert.Throws<InvalidOperationException>(() => reader.GetValue(0));
        Assert.Throws<InvalidOperationException>(() => reader.IsDBNull(0));
        Assert.Throws<InvalidOperationException>(() => reader.GetFieldType(0));
        Assert.Throws<InvalidOperationException>(() => reader.GetName(0));
        Assert.Throws<InvalidOperationException>(() => reader.GetInt32(0));
        Assert.Throws<InvalidOperationException>(() => reader.GetValues(new object[1]));
    }

    [Fact]
    public async Task Async_value_reads_with_a_cancelled_token_throw_OperationCanceledException()
    {
        await using var connection = await fixture.OpenAsync();
        await using var reader = await new QuiverCommand("SELECT 1 AS x", connection).ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.GetFieldValueAsync<int>(0, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.IsDBNullAsync(0, cancelled.Token));
        Assert.Equal(1, await reader.GetFieldValueAsync<int>(0));
    }

    [Fact]
    public async Task DisposeAsync_raises_Disposed_and_the_connection_names_its_factory()
    {
        var connection = await fixture.OpenAsync();
        var disposed = 0;
        connection.Disposed += (_, _) => disposed++;

        Assert.Same(QuiverFactory.Instance, DbProviderFactories.GetFactory(connection));
        await connection.DisposeAsync();

        Assert.Equal(1, disposed);
    }

    [Fact]
    public void Adding_null_to_the_parameter_collection_is_ArgumentNullException()
    {
        var command = new QuiverCommand();
        Assert.Throws<ArgumentNullException>(() => command.Parameters.Add((object)null!));
        Assert.Throws<ArgumentNullException>(() => command.Parameters.Insert(0, null!));
    }

    [Fact]
    public async Task Commit_or_Rollback_after_Dispose_is_ObjectDisposedException()
    {
        await using var connection = await fixture.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await transaction.DisposeAsync();
        var other = connection.BeginTransaction();
        other.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => transaction.CommitAsync());
        Assert.Throws<ObjectDisposedException>(other.Rollback);
    }

    [Fact]
    public async Task CommandText_and_Connection_cannot_change_while_the_commands_reader_is_open()
    {
        await using var connection = await fixture.OpenAsync();
        await using var other = await fixture.OpenAsync();
        await using var command = new QuiverCommand("SELECT 1", connection);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.Throws<InvalidOperationException>(() => command.CommandText = "SELECT 2");
            Assert.Throws<InvalidOperationException>(() => command.Connection = other);
            Assert.Throws<InvalidOperationException>(() => ((DbCommand)command).Connection = other);
            Assert.Equal("SELECT 1", command.CommandText);
        }

        command.CommandText = "SELECT 2";
        command.Connection = other;
        Assert.Equal(2, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_command_must_name_the_connections_open_transaction_and_no_other()
    {
        await using var connection = await fixture.OpenAsync();
        await using var other = await fixture.OpenAsync();
        await using var foreign = await other.BeginTransactionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => new QuiverCommand("SELECT 1", connection).ExecuteScalarAsync());
        var wrong = await Assert.ThrowsAsync<InvalidOperationException>(() => new QuiverCommand("SELECT 1", connection, (QuiverTransaction)foreign).ExecuteScalarAsync());
        var batch = new QuiverBatch(connection) { BatchCommands = { new QuiverBatchCommand("SELECT 1") } };
        await Assert.ThrowsAsync<InvalidOperationException>(() => batch.ExecuteScalarAsync());

        Assert.Contains("open transaction", missing.Message, StringComparison.Ordinal);
        Assert.Contains("another connection", wrong.Message, StringComparison.Ordinal);
        Assert.Equal(1, await new QuiverCommand("SELECT 1", connection, (QuiverTransaction)transaction).ExecuteScalarAsync());
        await transaction.CommitAsync();

        var finished = await Assert.ThrowsAsync<InvalidOperationException>(() => new QuiverCommand("SELECT 1", connection, (QuiverTransaction)transaction).ExecuteScalarAsync());
        Assert.Contains("committed or rolled back", finished.Message, StringComparison.Ordinal);
        Assert.Equal(1, await new QuiverCommand("SELECT 1", connection).ExecuteScalarAsync());
    }

    [Fact]
    public async Task SingleRow_implies_a_single_result_set()
    {
        await using var connection = await fixture.OpenAsync();
        await using var reader = await new QuiverCommand("SELECT 1 AS a UNION ALL SELECT 2; SELECT 3 AS b", connection).ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow);

        Assert.True(await reader.ReadAsync());
        Assert.Equal(1, reader.GetInt32(0));
        Assert.False(await reader.ReadAsync());
        Assert.False(await reader.NextResultAsync());
    }

    [Fact]
    public async Task A_command_of_only_comments_returns_an_empty_reader()
    {
        await using var connection = await fixture.OpenAsync();
        await using (var reader = await new QuiverCommand("-- nothing here\n/* and nothing\n here */", connection).ExecuteReaderAsync())
        {
            Assert.False(reader.HasRows);
            Assert.Equal(0, reader.FieldCount);
            Assert.False(await reader.ReadAsync());
            Assert.False(await reader.NextResultAsync());
        }

        Assert.Equal(1, await new QuiverCommand("-- first a comment\nSELECT 1", connection).ExecuteScalarAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => new QuiverCommand("   ", connection).ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task Float_reads_are_consistent_and_a_value_beyond_float_is_an_error_not_infinity()
    {
        await using var connection = await fixture.OpenAsync();
        await using var reader = await new QuiverCommand(
            "SELECT 12.50::DECIMAL(10,2) AS d, 1.79e308::DOUBLE AS huge, 'inf'::DOUBLE AS infinite, 2.5::DOUBLE AS small, 7::INTEGER AS i", connection).ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal(12.5f, reader.GetFloat(0));
        Assert.Equal(12.5f, reader.GetFieldValue<float>(0));
        Assert.Equal(12.5, reader.GetDouble(0));
        var huge = Assert.Throws<InvalidCastException>(() => reader.GetFloat(1));
        Assert.Contains("does not fit", huge.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidCastException>(() => reader.GetFieldValue<float>(1));
        Assert.Equal(float.PositiveInfinity, reader.GetFloat(2));
        Assert.Equal(2.5f, reader.GetFloat(3));
        Assert.Equal(7f, reader.GetFloat(4));
    }

    [Fact]
    public async Task Every_narrowing_getter_says_the_value_does_not_fit()
    {
        await using var connection = await fixture.OpenAsync();
        await using var reader = await new QuiverCommand("SELECT 2147483647::INTEGER AS big, -1::INTEGER AS negative", connection).ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        foreach (var read in new Func<object>[] { () => reader.GetInt16(0), () => reader.GetByte(0), () => reader.GetFieldValue<sbyte>(0), () => reader.GetFieldValue<ushort>(1), () => reader.GetFieldValue<ulong>(1) })
        {
            var error = Assert.Throws<InvalidCastException>(read);
            Assert.Contains("does not fit", error.Message, StringComparison.Ordinal);
            Assert.IsType<OverflowException>(error.InnerException);
        }
    }

    [Fact]
    public void A_connection_string_is_checked_when_it_is_set_and_an_unset_one_reports_no_data_source()
    {
        using var connection = new QuiverConnection();

        Assert.Equal("", connection.DataSource);
        Assert.Throws<ArgumentException>(() => connection.ConnectionString = "Host=127.0.0.1;Port=0");
        Assert.Throws<ArgumentException>(() => connection.ConnectionString = "No Such Keyword=1");
        Assert.Throws<ArgumentException>(() => new QuiverConnection("Host=127.0.0.1;Maximum Pool Size=0"));
        Assert.Equal("", connection.ConnectionString);
        connection.ConnectionString = "Host=127.0.0.1;Port=7999";
        Assert.Equal("127.0.0.1:7999", connection.DataSource);
    }

    [Fact]
    public async Task Parameters_have_the_usual_defaults_and_take_Stream_values_for_blob_and_text()
    {
        var fresh = new QuiverParameter();
        Assert.False(fresh.IsNullable);
        Assert.Equal(System.Data.DbType.String, fresh.DbType);
        fresh.SourceColumn = null;
        Assert.Equal("", fresh.SourceColumn);

        await using var connection = await fixture.OpenAsync();
        await using var command = new QuiverCommand("SELECT $blob AS b, $text AS t", connection);
        using var blob = new MemoryStream([1, 2, 3, 250]);
        using var text = new MemoryStream("grüße ✓"u8.ToArray());
        command.Parameters.Add(new QuiverParameter("blob", blob));
        command.Parameters.Add(new QuiverParameter("text", text) { QuiverDbType = QuiverDbType.Varchar });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Equal(new byte[] { 1, 2, 3, 250 }, reader.GetFieldValue<byte[]>(0));
        Assert.Equal("grüße ✓", reader.GetString(1));
    }

    [Fact]
    public async Task An_error_message_starts_with_its_SQLSTATE_and_says_where()
    {
        await using var connection = await fixture.OpenAsync();

        var error = await Assert.ThrowsAsync<QuiverException>(() => new QuiverCommand("SELECT 1\nFROM\nWHERE x", connection).ExecuteScalarAsync());

        Assert.StartsWith("42601: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"(line {error.Line}, column {error.Column})", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0);
        Assert.DoesNotContain("42601", error.MessageText, StringComparison.Ordinal);
    }
}
