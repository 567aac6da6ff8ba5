namespace Quiver.DuckDb.Tests;

public sealed class StreamingResultTests : InMemoryConnectionTest
{
    protected override void DisposeResults()
    {
        _results.ForEach(r => r.Dispose());
    }

    [Fact]
    public void A_large_result_streams_in_chunks_of_at_most_the_vector_size()
    {
        const long rows = 1_000_000;
        using var statement = Connection.Prepare($"SELECT range AS n FROM range({rows})");
        using var result = statement.ExecuteStreaming();
        Assert.True(result.IsStreaming);
        Assert.Equal(DuckDbResultType.QueryResult, result.ReturnType);
        Assert.Equal("n", result.GetColumnName(0));
        Assert.Equal(DuckDbType.BigInt, result.GetColumnType(0).Id);

        long seen = 0, sum = 0, chunks = 0;
        while (result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                Assert.InRange(chunk.RowCount, 1, 2048);
                foreach (var value in chunk.GetVector(0).GetValues<long>())
                {
                    sum += value;
                }

                seen += chunk.RowCount;
                chunks++;
            }
        }

        Assert.Equal(rows, seen);
        Assert.Equal(rows * (rows - 1) / 2, sum);
        Assert.True(chunks >= rows / 2048);
    }

    [Fact]
    public void Execute_materialises_and_reports_not_streaming()
    {
        using var statement = Connection.Prepare("SELECT 1");
        using var result = statement.Execute();

        Assert.False(result.IsStreaming);
    }

    [Fact]
    public void Validity_mask_marks_exactly_the_null_rows()
    {
        using var statement = Connection.Prepare("SELECT CASE WHEN range % 3 = 0 THEN NULL ELSE range END FROM range(5000)");
        using var result = statement.ExecuteStreaming();

        var row = 0;
        while (result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                var vector = chunk.GetVector(0);
                var values = vector.GetValues<long>();
                for (var i = 0; i < chunk.RowCount; i++, row++)
                {
                    Assert.Equal(row % 3 != 0, vector.Validity.IsValid(i));
                    if (row % 3 != 0)
                    {
                        Assert.Equal(row, values[i]);
                    }
                }
            }
        }

        Assert.Equal(5000, row);
    }

    [Fact]
    public void A_column_without_nulls_has_no_mask()
    {
        using var chunk = SingleChunk("SELECT range FROM range(10)", out _);

        Assert.True(chunk.GetVector(0).Validity.AllValid);
        Assert.True(chunk.GetVector(0).Validity.GetWords().IsEmpty);
    }

    [Fact]
    public void Validity_covers_exactly_the_vectors_rows()
    {
        using var chunk = SingleChunk("SELECT NULLIF(range, 64) FROM range(70)", out _);
        var validity = chunk.GetVector(0).Validity;

        Assert.False(validity.IsValid(64));
        Assert.True(validity.IsValid(69));
        Assert.Equal(2, validity.GetWords().Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => validity.IsValid(70));
        Assert.Throws<ArgumentOutOfRangeException>(() => validity.IsValid(-1));
    }

    [Fact]
    public void Result_column_outside_the_result_is_an_argument_error()
    {
        using var chunk = SingleChunk("SELECT 1 AS only_column", out var result);

        Assert.Throws<ArgumentOutOfRangeException>(() => result.GetColumnType(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => result.GetColumnName(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => chunk.GetVector(1));
    }

    [Fact]
    public void A_constant_expression_comes_back_as_a_flat_vector()
    {
        using var chunk = SingleChunk("SELECT 42 AS answer FROM range(2000)", out _);

        Assert.All(chunk.GetVector(0).GetValues<int>().ToArray(), value => Assert.Equal(42, value));
    }

    [Fact]
    public void Strings_are_read_in_place_whether_inline_or_not()
    {
        using var chunk = SingleChunk("SELECT repeat('é', range::INTEGER) FROM range(20)", out _);
        var vector = chunk.GetVector(0);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(new string('é', i), vector.GetString(i));
            Assert.Equal(2 * i, vector.GetBytes(i).Length);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => vector.GetBytes(20));
    }

    [Fact]
    public void List_rows_index_into_the_child_vector()
    {
        using var chunk = SingleChunk("SELECT list_value(range, range * 10) FROM range(3) UNION ALL SELECT [] ORDER BY 1", out var result);
        var type = result.GetColumnType(0);
        Assert.Equal("BIGINT[]", type.ToString());

        var vector = chunk.GetVector(0);
        var entries = vector.GetValues<DuckDbListEntry>().ToArray();
        var child = vector.ListChild.GetValues<long>().ToArray();
        var lists = Enumerable.Range(0, chunk.RowCount)
            .Select(i => child.AsSpan((int)entries[i].Offset, (int)entries[i].Length).ToArray())
            .ToArray();

        Assert.Equal([[], [0, 0], [1, 10], [2, 20]], lists);
    }

    [Fact]
    public void Struct_fields_are_child_vectors_in_declaration_order()
    {
        using var chunk = SingleChunk("SELECT {'id': range, 'label': 'row ' || range} AS s FROM range(3)", out var result);
        var type = result.GetColumnType(0);
        Assert.Equal(["id", "label"], type.Fields.Select(f => f.Name));
        Assert.Equal("STRUCT(id BIGINT, label VARCHAR)", type.ToString());

        var vector = chunk.GetVector(0);
        Assert.Equal([0L, 1L, 2L], vector.GetStructChild(0).GetValues<long>().ToArray());
        Assert.Equal("row 2", vector.GetStructChild(1).GetString(2));
    }

    [Fact]
    public void Decimal_storage_follows_its_width()
    {
        using var chunk = SingleChunk("SELECT 12.34::DECIMAL(4,2), 1234567.89::DECIMAL(18,2), 1.5::DECIMAL(38,10)", out var result);

        Assert.Equal((DuckDbType.SmallInt, (byte)4, (byte)2), (result.GetColumnType(0).StorageType, result.GetColumnType(0).DecimalWidth, result.GetColumnType(0).DecimalScale));
        Assert.Equal(DuckDbType.BigInt, result.GetColumnType(1).StorageType);
        Assert.Equal(DuckDbType.HugeInt, result.GetColumnType(2).StorageType);
        Assert.Equal(1234, chunk.GetVector(0).GetValues<short>()[0]);
        Assert.Equal(123456789L, chunk.GetVector(1).GetValues<long>()[0]);
        Assert.Equal(1.5m, DuckDbValues.ToDecimal(chunk.GetVector(2).GetValues<Int128>()[0], 10));
    }

    [Fact]
    public void Enum_values_are_dictionary_indexes()
    {
        Connection.Execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
        using var chunk = SingleChunk("SELECT m FROM (VALUES ('happy'::mood), ('sad'::mood)) t(m) ORDER BY m", out var result);
        var type = result.GetColumnType(0);

        Assert.Equal(DuckDbType.Enum, type.Id);
        Assert.Equal(DuckDbType.UTinyInt, type.StorageType);
        Assert.Equal(["sad", "ok", "happy"], type.EnumValues);
        var indexes = chunk.GetVector(0).GetValues<byte>().ToArray();
        Assert.Equal([0, 2], indexes);
        Assert.Equal(["sad", "happy"], indexes.Select(i => type.EnumValues[i]));
    }

    [Fact]
    public void Map_and_array_types_describe_their_children()
    {
        using var chunk = SingleChunk("SELECT MAP {'a': 1, 'b': 2} AS m, [1.5, 2.5, 3.5]::DOUBLE[3] AS a", out var result);

        var map = result.GetColumnType(0);
        Assert.Equal("MAP(VARCHAR, INTEGER)", map.ToString());
        var entries = chunk.GetVector(0).ListChild;
        Assert.Equal("b", entries.GetStructChild(0).GetString(1));
        Assert.Equal(2, entries.GetStructChild(1).GetValues<int>()[1]);

        var array = result.GetColumnType(1);
        Assert.Equal((DuckDbType.Array, 3, DuckDbType.Double), (array.Id, array.ArraySize, array.ElementType!.Id));
        Assert.Equal([1.5, 2.5, 3.5], chunk.GetVector(1).GetArrayChild(3).GetValues<double>().ToArray());
    }

    [Fact]
    public void Prepared_statement_describes_its_result_without_running()
    {
        using var statement = Connection.Prepare("SELECT 1::INTEGER AS a, 'x' AS b, NOW() AS c");

        Assert.Equal(3, statement.ColumnCount);
        Assert.Equal(["a", "b", "c"], Enumerable.Range(0, 3).Select(statement.GetColumnName));
        Assert.Equal(
            [DuckDbType.Integer, DuckDbType.Varchar, DuckDbType.TimestampTz],
            Enumerable.Range(0, 3).Select(i => statement.GetColumnType(i).Id));
    }

    [Fact]
    public void Dml_results_report_changed_rows()
    {
        Connection.Execute("CREATE TABLE t AS SELECT range AS n FROM range(10)");

        Assert.Equal(5, Connection.Execute("DELETE FROM t WHERE n < 5"));
        Assert.Equal(5, Connection.Execute("UPDATE t SET n = n + 1"));
    }

    private DuckDbDataChunk SingleChunk(string sql, out DuckDbResult result)
    {
        using var statement = Connection.Prepare(sql);
        result = statement.ExecuteStreaming();
        _results.Add(result);
        return result.FetchChunk() ?? throw new InvalidOperationException("no rows");
    }

    private readonly List<DuckDbResult> _results = [];
}
