using Apache.Arrow;
using Apache.Arrow.Flight.Client;
using Apache.Arrow.Types;
using Grpc.Core;
using Quiver.Server.Flight.Sql;

namespace Quiver.Conformance.Tests.Flight;

/// <summary>The type catalogue, the SQL facts and a big DoGet, each checked against what DuckDB itself does.</summary>
public sealed partial class FlightSqlTests
{
    private static readonly string[] XdbcColumns =
    [
        "type_name", "data_type", "column_size", "literal_prefix", "literal_suffix", "create_params", "nullable", "case_sensitive",
        "searchable", "unsigned_attribute", "fixed_prec_scale", "auto_increment", "local_type_name", "minimum_scale", "maximum_scale",
        "sql_data_type", "datetime_subcode", "num_prec_radix", "interval_precision",
    ];

    [Fact]
    public async Task GetXdbcTypeInfo_lists_types_DuckDB_accepts_ordered_by_code_with_literals_that_parse_as_them()
    {
        using var channel = Channel();
        var client = new FlightClient(channel);

        var info = await client.GetInfo(Command(new CommandGetXdbcTypeInfo()), Bearer());
        var (schema, batches) = await ReadAsync(client, info, Bearer());
        Assert.Equal(XdbcColumns, schema.FieldsList.Select(f => f.Name));
        Assert.IsType<ListType>(schema.GetFieldByName("create_params").DataType);
        Assert.IsType<Int32Type>(schema.GetFieldByName("data_type").DataType);
        Assert.IsType<BooleanType>(schema.GetFieldByName("case_sensitive").DataType);
        var rows = batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => (
            Name: ((StringArray)b.Column("type_name")).GetString(i),
            Code: ((Int32Array)b.Column("data_type")).GetValue(i)!.Value,
            Prefix: ((StringArray)b.Column("literal_prefix")).GetString(i),
            Suffix: ((StringArray)b.Column("literal_suffix")).GetString(i)))).ToList();
        Assert.Equal(rows.OrderBy(r => r.Code).ThenBy(r => r.Name, StringComparer.Ordinal).Select(r => r.Name), rows.Select(r => r.Name));
        Assert.Contains(rows, r => r is { Name: "INTEGER", Code: 4 });
        Assert.Contains(rows, r => r is { Name: "TIMESTAMP WITH TIME ZONE", Code: 93 });

        foreach (var row in rows)
        {
            // Every listed name is a type DuckDB declares, and reads back as the type quiver.v1 sends for it.
            var declared = await QueryAsync(client, $"SELECT CAST(NULL AS {row.Name}) AS v");
            Assert.Single(declared.Schema.FieldsList);
            if (row.Prefix is not null)
            {
                var literal = row.Prefix + Samples[row.Name] + row.Suffix;
                var typed = await QueryAsync(client, $"SELECT typeof({literal}) AS t, CAST({literal} AS {row.Name}) IS NOT NULL AS ok");
                Assert.Equal(row.Name == "UUID" ? "VARCHAR" : row.Name, ((StringArray)typed.Batches.Single().Column(0)).GetString(0));
                Assert.True(((BooleanArray)typed.Batches.Single().Column(1)).GetValue(0));
            }
        }

        var integers = await ReadAsync(client, await client.GetInfo(Command(new CommandGetXdbcTypeInfo { DataType = 4 }), Bearer()), Bearer());
        Assert.Equal(["INTEGER", "UINTEGER"], integers.Batches.SelectMany(b => Strings(b.Column("type_name"))));
    }

    private static readonly Dictionary<string, string> Samples = new()
    {
        ["VARCHAR"] = "text", ["UUID"] = "00000000-0000-0000-0000-000000000001", ["BLOB"] = @"\xAA", ["DATE"] = "2024-01-02",
        ["TIME"] = "10:11:12", ["TIMESTAMP"] = "2024-01-02 10:11:12", ["TIMESTAMP WITH TIME ZONE"] = "2024-01-02 10:11:12+00",
        ["INTERVAL"] = "1 day",
    };

    [Fact]
    public async Task GetSqlInfo_keywords_and_function_lists_are_DuckDBs_own()
    {
        using var channel = Channel();
        var client = new FlightClient(channel);
        var answers = await SqlInfoAsync(client, 508, 509, 510, 511, 512);

        var keywords = Strings((IArrowArray)answers[508]!).ToList();
        var reserved = Strings((await QueryAsync(client, "SELECT upper(keyword_name) FROM duckdb_keywords() WHERE keyword_category = 'reserved' ORDER BY 1")).Batches.Single().Column(0));
        Assert.Equal(reserved, keywords);

        var functions = (await QueryAsync(client, "SELECT DISTINCT function_name FROM duckdb_functions()")).Batches.SelectMany(b => Strings(b.Column(0))).ToHashSet();
        foreach (var list in new uint[] { 509, 510, 511, 512 })
        {
            var names = Strings((IArrowArray)answers[list]!).ToList();
            Assert.NotEmpty(names);
            Assert.All(names, n => Assert.Contains(n, functions));
        }
    }

    [Fact]
    public async Task GetSqlInfo_conversions_are_exactly_the_casts_DuckDB_implements()
    {
        using var channel = Channel();
        var client = new FlightClient(channel);
        var map = (MapArray)(await SqlInfoAsync(client, 517))[517]!;
        var entries = (StructArray)map.KeyValues;
        var keys = (Int32Array)entries.Fields[0];
        var targets = (ListArray)entries.Fields[1];
        var claimed = new HashSet<(int, int)>();
        for (var i = 0; i < keys.Length; i++)
        {
            foreach (var target in ((Int32Array)targets.GetSlicedValues(i)).Values.ToArray())
            {
                claimed.Add((keys.GetValue(i)!.Value, target));
            }
        }

        // SqlSupportsConvert's 20 types as DuckDB spells them, each with a value of that type.
        (string Type, string Value)[] types =
        [
            ("BIGINT", "1"), ("BLOB", @"'\xAA'"), ("BOOLEAN", "true"), ("VARCHAR", "'1'"), ("DATE", "'2024-01-01'"), ("DECIMAL(18,3)", "1"),
            ("DOUBLE", "1"), ("INTEGER", "1"), ("INTERVAL", "'1 day'"), ("INTERVAL", "'1 month'"), ("BLOB", @"'\xAA'"), ("VARCHAR", "'1'"),
            ("DECIMAL(18,3)", "1"), ("REAL", "1"), ("SMALLINT", "1"), ("TIME", "'10:00'"), ("TIMESTAMP", "'2024-01-01'"), ("TINYINT", "1"),
            ("BLOB", @"'\xAA'"), ("VARCHAR", "'1'"),
        ];
        for (var from = 0; from < types.Length; from++)
        {
            for (var to = 0; to < types.Length; to++)
            {
                var implemented = true;
                try
                {
                    await QueryAsync(client, $"SELECT CAST(CAST({types[from].Value} AS {types[from].Type}) AS {types[to].Type}) AS v");
                }
                catch (RpcException failure) when (failure.Status.Detail.Contains("Unimplemented type for cast", StringComparison.Ordinal))
                {
                    implemented = false;
                }
                catch (RpcException)
                {
                    // The cast exists; this value does not convert ('1' is no date).
                }

                Assert.True(implemented == claimed.Contains((from, to)), $"{types[from].Type} -> {types[to].Type}: DuckDB implements it: {implemented}");
            }
        }
    }

    [Fact]
    public async Task Ten_million_rows_stream_through_DoGet_with_the_server_holding_a_bounded_number_of_bytes()
    {
        using var channel = Channel();
        var client = new FlightClient(channel);
        var info = await client.GetInfo(Command(new CommandStatementQuery { Query = "SELECT i, i * 2.5 AS d, 'row-' || (i % 1000) AS s FROM range(10000000) t(i)" }), Bearer());

        using var call = client.GetStream(info.Endpoints.Single().Ticket, Bearer());
        long rows = 0, last = -1;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            using var batch = call.ResponseStream.Current;
            var ids = (Int64Array)batch.Column(0);
            Assert.Equal(last + 1, ids.GetValue(0));
            last = ids.GetValue(ids.Length - 1)!.Value;
            rows += batch.Length;
        }

        Assert.Equal(10_000_000, rows);
        // About 250 MB of Arrow data went out; the server never held more than a couple of 1 MiB batches of it.
        var held = ulong.Parse(call.GetTrailers().GetValue("quiver-max-buffered-bytes")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(held, 1UL, 4UL * 1024 * 1024);
    }

    private async Task<Dictionary<uint, object?>> SqlInfoAsync(FlightClient client, params uint[] infos)
    {
        var command = new CommandGetSqlInfo();
        command.Info.AddRange(infos);
        var batch = (await ReadAsync(client, await client.GetInfo(Command(command), Bearer()), Bearer())).Batches.Single();
        var names = (UInt32Array)batch.Column(0);
        var values = (DenseUnionArray)batch.Column(1);
        return Enumerable.Range(0, batch.Length).ToDictionary(i => names.GetValue(i)!.Value, i => AnswerOrArray(values, i));
    }

    private static object? AnswerOrArray(DenseUnionArray values, int row)
    {
        var child = values.Fields[values.TypeIds[row]];
        var index = values.ValueOffsets[row];
        return child switch
        {
            MapArray map => map.Slice(index, 1),
            ListArray list => list.GetSlicedValues(index),
            _ => Answer(values, row),
        };
    }

    private static IEnumerable<string> Strings(IArrowArray array)
    {
        var strings = (StringArray)array;
        for (var i = 0; i < strings.Length; i++)
        {
            yield return strings.GetString(i);
        }
    }
}
