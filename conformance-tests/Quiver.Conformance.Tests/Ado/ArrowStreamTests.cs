using System.Data.SqlTypes;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.C;
using Apache.Arrow.Ipc;
using Quiver.Data;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests.Ado;

/// <summary>
/// Results as Apache.Arrow record batches (ExecuteArrowStreamAsync, ReadArrowBatchAsync), the C Data Interface export
/// of that stream, and Apache.Arrow as a second, independent reader of the server's bytes, on every type the server
/// sends, over several batches.
/// </summary>
public sealed partial class ArrowStreamTests(AdoServer fixture) : IClassFixture<AdoServer>, IAsyncLifetime
{
    private const int Rows = 5000;

    private readonly string Mood = "mood_" + Guid.NewGuid().ToString("N")[..8];

    private string AllTypes => $$"""
        SELECT i::INTEGER AS id, i % 2 = 0 AS b,
               CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 128)::TINYINT END AS i8, (i * 3)::SMALLINT AS i16, i * 1000003 AS i64,
               (i % 200)::UTINYINT AS u8, i::USMALLINT AS u16, i::UINTEGER AS u32, i::UBIGINT * 12345678901 AS u64,
               (i / 3)::FLOAT AS f32, CASE WHEN i % 11 = 0 THEN NULL ELSE i / 7 END AS f64,
               (i * 1.25)::DECIMAL(9,2) AS d9, (i * 1.5)::DECIMAL(18,4) AS d18,
               (i * 123456789.0123456789)::DECIMAL(38,10) AS d38, i::HUGEINT * 100000000000000000000 AS huge,
               CASE WHEN i % 5 = 0 THEN NULL ELSE 'row ' || i END AS s, ('b' || i)::BLOB AS blob,
               DATE '2024-01-01' + i::INTEGER AS d, TIME '00:00:00' + INTERVAL (i) SECOND AS t,
               TIMESTAMP '2024-01-01' + INTERVAL (i) MINUTE AS ts, (TIMESTAMP '2024-01-01' + INTERVAL (i) MINUTE)::TIMESTAMPTZ AS tstz,
               INTERVAL (i) DAY + INTERVAL (i % 12) MONTH + INTERVAL (i) MICROSECOND AS iv,
               ('00000000-0000-0000-0000-' || lpad(i::VARCHAR, 12, '0'))::UUID AS uuid,
               CASE WHEN i % 3 = 0 THEN NULL ELSE [i, NULL, i + 1] END AS li, ['x' || i] AS ls, [i, i * 2]::INTEGER[2] AS arr,
               {'x': i, 'y': 'v' || i} AS st, MAP {'k' || (i % 3): i} AS m,
               (['red', 'green', 'blue'][i % 3 + 1])::{{Mood}} AS mood, NULL AS nothing,
               (TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND)::TIMESTAMP_NS AS tns, (TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND)::TIMESTAMP_S AS tsec,
               (TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND)::TIMESTAMP_MS AS tms, i::UHUGEINT * 3 AS uhuge, TIMETZ '12:00:00+02' AS ttz,
               [{'a': i, 'b': [i::VARCHAR]}] AS nested, CASE WHEN i % 4 = 0 THEN NULL ELSE {'p': i} END AS maybe
        FROM range({{Rows}}) r(i) ORDER BY i
        """;

    public async Task InitializeAsync()
    {
        await using var connection = await fixture.OpenAsync();
        await new QuiverCommand($"CREATE TYPE {Mood} AS ENUM ('red', 'green', 'blue')", connection).ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<(Schema Schema, List<RecordBatch> Batches)> ApacheReadsTheServersBytesAsync(string sql)
        => ServerArrowBytes.ReadWithApacheArrowAsync(fixture.Server, sql);

    private static async Task<List<RecordBatch>> ReadAllAsync(IArrowArrayStream stream)
    {
        var batches = new List<RecordBatch>();
        while (await stream.ReadNextRecordBatchAsync() is { } batch)
        {
            batches.Add(batch);
        }

        return batches;
    }

    internal static void AssertSame((Schema Schema, List<RecordBatch> Batches) expected, Schema schema, List<RecordBatch> batches)
    {
        Assert.Equal(ApacheArrowCanonical.Schema(expected.Schema).ToJsonString(), ApacheArrowCanonical.Schema(schema).ToJsonString());
        var want = ApacheArrowCanonical.Rows(expected.Batches);
        var got = ApacheArrowCanonical.Rows(batches);
        Assert.Equal(want.Count, got.Count);
        for (var row = 0; row < want.Count; row++)
        {
            Assert.True(JsonNode.DeepEquals(want[row], got[row]), $"row {row}: expected {want[row]!.ToJsonString()}, got {got[row]!.ToJsonString()}");
        }
    }

    [Fact]
    public async Task ExecuteArrowStreamAsync_gives_every_type_exactly_as_Apache_Arrow_reads_the_servers_bytes()
    {
        var expected = await ApacheReadsTheServersBytesAsync(AllTypes);
        await using var connection = await fixture.OpenAsync();

        using var stream = await new QuiverCommand(AllTypes, connection).ExecuteArrowStreamAsync();
        var batches = await ReadAllAsync(stream);

        Assert.True(batches.Count > 1, $"the result came in {batches.Count} batch(es); the test needs several");
        Assert.Equal(Rows, batches.Sum(b => b.Length));
        AssertSame(expected, stream.Schema, batches);
        Assert.Equal("arrow.uuid", stream.Schema.GetFieldByName("uuid").Metadata["ARROW:extension:name"]);

        // Views, not copies: two columns' buffers lie in the same received message.
        var first = batches[0];
        Assert.True(MemoryMarshal.TryGetArray(first.Column("i64").Data.Buffers[1].Memory, out var a));
        Assert.True(MemoryMarshal.TryGetArray(first.Column("f32").Data.Buffers[1].Memory, out var b));
        Assert.Same(a.Array, b.Array);
        batches.ForEach(batch => batch.Dispose());
    }

    [Fact]
    public async Task Quiver_Data_values_match_Apache_Arrows_reading_of_the_servers_bytes_value_by_value()
    {
        var (schema, batches) = await ApacheReadsTheServersBytesAsync(AllTypes);
        await using var connection = await fixture.OpenAsync();
        await using var reader = await new QuiverCommand(AllTypes, connection).ExecuteReaderAsync();
        await AssertReaderReadsAsync(schema, batches, reader);
    }

    // Every value of the batches, as ApacheAsClr gives it, equals what Quiver.Data's reader gives for it.
    private static async Task AssertReaderReadsAsync(Schema schema, List<RecordBatch> batches, QuiverDataReader reader)
    {
        var row = 0;
        foreach (var batch in batches)
        {
            for (var i = 0; i < batch.Length; i++, row++)
            {
                Assert.True(await reader.ReadAsync());
                for (var c = 0; c < batch.ColumnCount; c++)
                {
                    var field = schema.FieldsList[c];
                    var expected = Json(ApacheAsClr.Value(batch.Column(c), i, field));
                    var actual = Json(field.DataType is Apache.Arrow.Types.Decimal128Type
                        ? (reader.IsDBNull(c) ? null : reader.GetFieldValue<SqlDecimal>(c).ToString())
                        : field.DataType is Apache.Arrow.Types.IntervalType ? reader.GetFieldValue<QuiverInterval?>(c)
                        : reader.IsDBNull(c) ? null
                        : field.Name == "li" ? reader.GetFieldValue<long?[]>(c) // GetValue refuses a NULL inside a long[], as Npgsql does
                        : reader.GetValue(c));
                    Assert.True(expected == actual, $"row {row}, column {field.Name}: Apache.Arrow reads {expected}, Quiver.Data {actual}");
                }
            }
        }

        Assert.Equal(Rows, row);
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task The_C_Data_Interface_export_imports_back_with_every_value()
    {
        var expected = await ApacheReadsTheServersBytesAsync(AllTypes);
        await using var connection = await fixture.OpenAsync();
        var stream = await new QuiverCommand(AllTypes, connection).ExecuteArrowStreamAsync();

        IArrowArrayStream imported;
        unsafe
        {
            var exported = CArrowArrayStream.Create();
            CArrowArrayStreamExporter.ExportArrayStream(stream, exported);
            imported = CArrowArrayStreamImporter.ImportArrayStream(exported);
            CArrowArrayStream.Free(exported);
        }

        using (imported)
        {
            var batches = await ReadAllAsync(imported);
            AssertSame(expected, imported.Schema, batches);
            batches.ForEach(batch => batch.Dispose());
        }

        Assert.Equal(1, await new QuiverCommand("SELECT 1", connection).ExecuteScalarAsync());
    }

    [Fact]
    public async Task Read_and_ReadArrowBatchAsync_share_one_position_in_the_result()
    {
        await using var connection = await fixture.OpenAsync();
        await using var reader = await new QuiverCommand("SELECT i AS id, 'v' || i AS v FROM range(200000) r(i) ORDER BY i", connection).ExecuteReaderAsync();
        for (var i = 0; i < 10; i++)
        {
            Assert.True(await reader.ReadAsync());
        }

        Assert.Equal(9L, reader.GetInt64(0));
        using var rest = (await reader.ReadArrowBatchAsync())!;
        var ids = (Int64Array)rest.Column(0);
        Assert.Equal(10L, ids.GetValue(0));
        Assert.Equal("v10", ((StringArray)rest.Column(1)).GetString(0));
        Assert.Throws<InvalidOperationException>(() => reader.GetInt64(0));

        Assert.True(await reader.ReadAsync());
        Assert.Equal(10L + rest.Length, reader.GetInt64(0));
        var total = 10 + rest.Length + 1;
        while (await reader.ReadArrowBatchAsync() is { } batch)
        {
            using (batch)
            {
                total += batch.Length;
            }
        }

        Assert.Equal(200000, total);
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task A_batch_stays_readable_after_its_stream_is_disposed_and_the_query_stops()
    {
        await using var connection = await fixture.OpenAsync();
        RecordBatch first;
        using (var stream = await new QuiverCommand("SELECT i AS id FROM range(100000000) r(i)", connection).ExecuteArrowStreamAsync())
        {
            first = (await stream.ReadNextRecordBatchAsync())!;
        }

        using (first)
        {
            var ids = (Int64Array)first.Column(0);
            Assert.Equal(Enumerable.Range(0, ids.Length).Select(i => (long?)i), Enumerable.Range(0, ids.Length).Select(ids.GetValue));
        }

        Assert.Equal(2, await new QuiverCommand("SELECT 2", connection).ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_command_without_a_result_set_is_a_stream_without_fields_or_batches()
    {
        await using var connection = await fixture.OpenAsync();
        using var stream = await new QuiverCommand("CREATE TEMP TABLE arrowless (x INTEGER)", connection).ExecuteArrowStreamAsync();
        Assert.Empty(stream.Schema.FieldsList);
        Assert.Null(await stream.ReadNextRecordBatchAsync());
    }

    private static string Json(object? value) => JsonSerializer.Serialize(Normalize(value));

    // Arrays and lists as lists, dictionaries in key order, DBNull as null: the shapes Quiver.Data and the oracle share.
    private static object? Normalize(object? value) => value switch
    {
        null or DBNull => null,
        string or byte[] => value,
        DateTime time => time.Ticks,
        DateTimeOffset time => time.UtcTicks,
        System.Collections.IDictionary d => d.Keys.Cast<object>().Select(k => (Key: Json(k), Value: Normalize(d[k])))
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new object?[] { p.Key, p.Value }).ToList(),
        System.Collections.IEnumerable e => e.Cast<object?>().Select(Normalize).ToList(),
        _ => value,
    };
}
