using System.Data;
using System.Data.Common;
using System.Data.SqlTypes;
using System.Numerics;
using Quiver.Data;

namespace Quiver.Conformance.Tests.Ado;

/// <summary>
/// Every DuckDB type read through GetValue, GetFieldType, GetDataTypeName and each allowed GetFieldValue&lt;T&gt;, in
/// default and SequentialAccess mode, sync and async; then sent back as a parameter.
/// </summary>
public sealed class TypeRoundTripTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    private static readonly Dictionary<Type, Func<DbDataReader, int, object?>> Getters = new()
    {
        [typeof(bool)] = (r, i) => r.GetFieldValue<bool>(i),
        [typeof(sbyte)] = (r, i) => r.GetFieldValue<sbyte>(i),
        [typeof(byte)] = (r, i) => r.GetFieldValue<byte>(i),
        [typeof(short)] = (r, i) => r.GetFieldValue<short>(i),
        [typeof(ushort)] = (r, i) => r.GetFieldValue<ushort>(i),
        [typeof(int)] = (r, i) => r.GetFieldValue<int>(i),
        [typeof(uint)] = (r, i) => r.GetFieldValue<uint>(i),
        [typeof(long)] = (r, i) => r.GetFieldValue<long>(i),
        [typeof(ulong)] = (r, i) => r.GetFieldValue<ulong>(i),
        [typeof(float)] = (r, i) => r.GetFieldValue<float>(i),
        [typeof(double)] = (r, i) => r.GetFieldValue<double>(i),
        [typeof(decimal)] = (r, i) => r.GetFieldValue<decimal>(i),
        [typeof(BigInteger)] = (r, i) => r.GetFieldValue<BigInteger>(i),
        [typeof(SqlDecimal)] = (r, i) => r.GetFieldValue<SqlDecimal>(i).ToString(),
        [typeof(string)] = (r, i) => r.GetFieldValue<string>(i),
        [typeof(char)] = (r, i) => r.GetFieldValue<char>(i),
        [typeof(char[])] = (r, i) => new string(r.GetFieldValue<char[]>(i)),
        [typeof(TextReader)] = (r, i) => r.GetFieldValue<TextReader>(i).ReadToEnd(),
        [typeof(byte[])] = (r, i) => r.GetFieldValue<byte[]>(i),
        [typeof(Stream)] = (r, i) => ReadAll(r.GetFieldValue<Stream>(i)),
        [typeof(ReadOnlyMemory<byte>)] = (r, i) => r.GetFieldValue<ReadOnlyMemory<byte>>(i).ToArray(),
        [typeof(DateTime)] = (r, i) => r.GetFieldValue<DateTime>(i),
        [typeof(DateTimeOffset)] = (r, i) => r.GetFieldValue<DateTimeOffset>(i),
        [typeof(DateOnly)] = (r, i) => r.GetFieldValue<DateOnly>(i),
        [typeof(TimeOnly)] = (r, i) => r.GetFieldValue<TimeOnly>(i),
        [typeof(TimeSpan)] = (r, i) => r.GetFieldValue<TimeSpan>(i),
        [typeof(QuiverInterval)] = (r, i) => r.GetFieldValue<QuiverInterval>(i),
        [typeof(Guid)] = (r, i) => r.GetFieldValue<Guid>(i),
        [typeof(int[])] = (r, i) => r.GetFieldValue<int[]>(i),
        [typeof(int?[])] = (r, i) => r.GetFieldValue<int?[]>(i),
        [typeof(List<int>)] = (r, i) => r.GetFieldValue<List<int>>(i).ToArray(),
        [typeof(List<int?>)] = (r, i) => r.GetFieldValue<List<int?>>(i).ToArray(),
        [typeof(string[])] = (r, i) => r.GetFieldValue<string[]>(i),
        [typeof(Dictionary<string, object>)] = (r, i) => r.GetFieldValue<Dictionary<string, object>>(i),
        [typeof(Dictionary<object, object>)] = (r, i) => r.GetFieldValue<Dictionary<object, object>>(i),
    };

    public static TheoryData<string, string, object, Type, string, object[]> Cases => new()
    {
        // name, SQL literal, expected GetValue, field type, data type name, then pairs of (also-readable type, expected value)
        { "boolean", "true", true, typeof(bool), "BOOLEAN", [] },
        { "tinyint", "-8::TINYINT", (sbyte)-8, typeof(sbyte), "TINYINT", [typeof(int), -8, typeof(long), -8L, typeof(double), -8d, typeof(decimal), -8m] },
        { "smallint", "-300::SMALLINT", (short)-300, typeof(short), "SMALLINT", [typeof(int), -300, typeof(long), -300L] },
        { "integer", "2147483647", 2147483647, typeof(int), "INTEGER", [typeof(long), 2147483647L, typeof(uint), 2147483647u, typeof(BigInteger), new BigInteger(2147483647)] },
        { "bigint", "9223372036854775807", 9223372036854775807L, typeof(long), "BIGINT", [typeof(ulong), 9223372036854775807UL, typeof(decimal), 9223372036854775807m] },
        { "utinyint", "255::UTINYINT", (byte)255, typeof(byte), "UTINYINT", [typeof(short), (short)255, typeof(int), 255] },
        { "usmallint", "65535::USMALLINT", (ushort)65535, typeof(ushort), "USMALLINT", [typeof(int), 65535] },
        { "uinteger", "4294967295::UINTEGER", 4294967295u, typeof(uint), "UINTEGER", [typeof(long), 4294967295L] },
        { "ubigint", "18446744073709551615::UBIGINT", 18446744073709551615UL, typeof(ulong), "UBIGINT", [typeof(decimal), 18446744073709551615m] },
        { "float", "1.5::FLOAT", 1.5f, typeof(float), "FLOAT", [typeof(double), 1.5d] },
        { "double", "-3.25::DOUBLE", -3.25d, typeof(double), "DOUBLE", [typeof(float), -3.25f] },
        { "decimal", "-12345.67::DECIMAL(18,2)", -12345.67m, typeof(decimal), "DECIMAL(18,2)", [typeof(double), -12345.67d, typeof(string), "-12345.67", typeof(SqlDecimal), "-12345.67"] },
        { "decimal38", "1.5::DECIMAL(38,10)", 1.5m, typeof(decimal), "DECIMAL(38,10)", [typeof(string), "1.5000000000"] },
        { "hugeint", "-42::HUGEINT", -42m, typeof(decimal), "DECIMAL(38,0)", [typeof(BigInteger), new BigInteger(-42), typeof(string), "-42"] },
        { "varchar", "'héllo ✓'", "héllo ✓", typeof(string), "VARCHAR", [typeof(char), 'h', typeof(char[]), "héllo ✓", typeof(TextReader), "héllo ✓"] },
        { "blob", "'\\xAA\\x00\\xBB'::BLOB", new byte[] { 0xAA, 0x00, 0xBB }, typeof(byte[]), "BLOB", [typeof(Stream), new byte[] { 0xAA, 0x00, 0xBB }, typeof(ReadOnlyMemory<byte>), new byte[] { 0xAA, 0x00, 0xBB }] },
        { "date", "DATE '2024-02-29'", new DateTime(2024, 2, 29), typeof(DateTime), "DATE", [typeof(DateOnly), new DateOnly(2024, 2, 29)] },
        { "time", "TIME '13:14:15.123456'", new TimeSpan(0, 13, 14, 15, 123, 456), typeof(TimeSpan), "TIME", [typeof(TimeOnly), new TimeOnly(13, 14, 15, 123, 456)] },
        { "timestamp", "TIMESTAMP '2024-02-29 13:14:15.123456'", new DateTime(2024, 2, 29, 13, 14, 15, 123, 456), typeof(DateTime), "TIMESTAMP", [] },
        { "timestamp_ms", "'2024-02-29 13:14:15.123'::TIMESTAMP_MS", new DateTime(2024, 2, 29, 13, 14, 15, 123), typeof(DateTime), "TIMESTAMP_MS", [] },
        { "timestamp_ns", "'2024-02-29 13:14:15.1234567'::TIMESTAMP_NS", new DateTime(2024, 2, 29, 13, 14, 15, 123, 456).AddTicks(7), typeof(DateTime), "TIMESTAMP_NS", [] },
        { "timestamptz", "TIMESTAMPTZ '2024-02-29 13:14:15+00'", new DateTime(2024, 2, 29, 13, 14, 15, DateTimeKind.Utc), typeof(DateTime), "TIMESTAMP WITH TIME ZONE",
            [typeof(DateTimeOffset), new DateTimeOffset(2024, 2, 29, 13, 14, 15, TimeSpan.Zero)] },
        { "interval", "INTERVAL '1 day 2 hours'", TimeSpan.FromHours(26), typeof(TimeSpan), "INTERVAL", [typeof(QuiverInterval), new QuiverInterval(0, 1, 7_200_000_000)] },
        { "uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID", Guid.Parse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), typeof(Guid), "UUID",
            [typeof(string), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"] },
        { "enum", "'happy'::ENUM('sad', 'happy')", "happy", typeof(string), "ENUM", [typeof(char[]), "happy"] },
        { "list", "[1, 2, 3]", new[] { 1, 2, 3 }, typeof(int[]), "INTEGER[]", [typeof(List<int>), new[] { 1, 2, 3 }, typeof(int?[]), new int?[] { 1, 2, 3 }] },
        { "list_of_text", "['a', NULL]", new[] { "a", null }, typeof(string[]), "VARCHAR[]", [] },
        { "array", "[4, 5]::INTEGER[2]", new[] { 4, 5 }, typeof(int[]), "INTEGER[2]", [typeof(List<int?>), new int?[] { 4, 5 }] },
        { "struct", "{'a': 1, 'b': NULL}", new Dictionary<string, object> { ["a"] = 1, ["b"] = DBNull.Value }, typeof(Dictionary<string, object>), "STRUCT(\"a\" INTEGER, \"b\" INTEGER)", [] },
        { "map", "MAP {'k': 1.5}", new Dictionary<object, object> { ["k"] = 1.5m }, typeof(Dictionary<object, object>), "MAP(VARCHAR, DECIMAL(2,1))", [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Value_reads_as_its_default_type_and_every_allowed_type(string name, string literal, object expected, Type fieldType, string dataTypeName, object[] also)
    {
        _ = name;
        await using var connection = await fixture.OpenAsync();
        foreach (var behavior in new[] { CommandBehavior.Default, CommandBehavior.SequentialAccess })
        {
            foreach (var async in new[] { false, true })
            {
                await using var command = new QuiverCommand($"SELECT {literal} AS v, NULL::INTEGER AS n", connection);
                await using var reader = async ? await command.ExecuteReaderAsync(behavior) : command.ExecuteReader(behavior);
                Assert.True(async ? await reader.ReadAsync() : reader.Read());
                Assert.Equal(fieldType, reader.GetFieldType(0));
                Assert.Equal(dataTypeName, reader.GetDataTypeName(0));
                Assert.False(async ? await reader.IsDBNullAsync(0) : reader.IsDBNull(0));
                Assert.Equal(expected, reader.GetValue(0));
                Assert.Equal(expected, reader[0]);
                Assert.Equal(expected, reader["v"]);
                Assert.Equal(expected, Getters.GetValueOrDefault(fieldType)?.Invoke(reader, 0) ?? reader.GetFieldValue<object>(0));
                for (var i = 0; i < also.Length; i += 2)
                {
                    Assert.Equal(also[i + 1], Getters[(Type)also[i]](reader, 0));
                }

                Assert.True(reader.IsDBNull(1));
                Assert.False(async ? await reader.ReadAsync() : reader.Read());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Null_of_every_type_reads_as_DBNull(string name, string literal, object expected, Type fieldType, string dataTypeName, object[] also)
    {
        _ = (name, expected, also);
        await using var connection = await fixture.OpenAsync();
        await using var command = new QuiverCommand($"SELECT CAST(NULL AS {Typeof(literal)}) AS v", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.IsDBNull(0));
        Assert.Equal(DBNull.Value, reader.GetValue(0));
        Assert.Equal(fieldType, reader.GetFieldType(0));
        Assert.Equal(dataTypeName, reader.GetDataTypeName(0));
        Assert.Throws<InvalidCastException>(() => Getters.GetValueOrDefault(fieldType, (r, i) => r.GetFieldValue<string>(i))(reader, 0));
        if (fieldType.IsValueType)
        {
            Assert.Null(reader.GetFieldValue<int?>(0) is null ? null : (object)1);
        }
    }

    public static TheoryData<string, object, string> Parameters => new()
    {
        { "bool", true, "true" },
        { "sbyte", (sbyte)-8, "-8::TINYINT" },
        { "short", (short)-300, "-300::SMALLINT" },
        { "int", int.MinValue, "(-2147483648)::INTEGER" },
        { "long", long.MaxValue, "9223372036854775807::BIGINT" },
        { "byte", (byte)255, "255::UTINYINT" },
        { "ushort", (ushort)65535, "65535::USMALLINT" },
        { "uint", uint.MaxValue, "4294967295::UINTEGER" },
        { "ulong", ulong.MaxValue, "18446744073709551615::UBIGINT" },
        { "float", 1.5f, "1.5::FLOAT" },
        { "double", -3.25d, "-3.25::DOUBLE" },
        { "decimal", -12345.67m, "-12345.67::DECIMAL(18,2)" },
        { "string", "it's ✓", "'it''s ✓'" },
        { "char", 'x', "'x'" },
        { "chars", "abc".ToCharArray(), "'abc'" },
        { "bytes", new byte[] { 1, 2, 255 }, "'\\x01\\x02\\xFF'::BLOB" },
        { "memory", new ReadOnlyMemory<byte>([1, 2, 255]), "'\\x01\\x02\\xFF'::BLOB" },
        { "guid", Guid.Parse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID" },
        { "datetime", new DateTime(2024, 2, 29, 13, 14, 15, 123, 456), "TIMESTAMP '2024-02-29 13:14:15.123456'" },
        { "datetime_utc", new DateTime(2024, 2, 29, 13, 14, 15, DateTimeKind.Utc), "TIMESTAMPTZ '2024-02-29 13:14:15+00'" },
        { "datetimeoffset", new DateTimeOffset(2024, 2, 29, 15, 14, 15, TimeSpan.FromHours(2)), "TIMESTAMPTZ '2024-02-29 13:14:15+00'" },
        { "dateonly", new DateOnly(2024, 2, 29), "DATE '2024-02-29'" },
        { "timeonly", new TimeOnly(13, 14, 15, 123, 456), "TIME '13:14:15.123456'" },
        { "timespan", TimeSpan.FromHours(26), "INTERVAL '26 hours'" },
        { "interval", new QuiverInterval(1, 2, 3), "INTERVAL '1 month 2 days 3 microseconds'" },
        { "biginteger", BigInteger.Parse("-99999999999999999999999999999999999999"), "-99999999999999999999999999999999999999::HUGEINT" },
    };

    [Theory]
    [MemberData(nameof(Parameters))]
    public async Task Parameter_of_every_common_clr_type_binds_natively(string name, object value, string literal)
    {
        _ = name;
        await using var connection = await fixture.OpenAsync();
        foreach (var prefix in new[] { "@", "$", ":" })
        {
            await using var command = new QuiverCommand($"SELECT {prefix}p = {literal} AS same, {prefix}p IS NULL AS missing", connection);
            command.Parameters.AddWithValue("p", value);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.True(reader.GetBoolean(0), $"{prefix}p was not equal to {literal}");
            Assert.False(reader.GetBoolean(1));
        }

        foreach (var placeholder in new[] { "?", "$1" })
        {
            await using var positional = new QuiverCommand($"SELECT {placeholder} = {literal}", connection);
            positional.Parameters.AddWithValue(value);
            Assert.Equal(true, await positional.ExecuteScalarAsync());
        }
    }

    public static TheoryData<string, object, string> ListParameters => new()
    {
        { "integers", new[] { 1, 2, 3 }, "[1, 2, 3]::INTEGER[]" },
        { "with NULL", new int?[] { 1, null, 3 }, "[1, NULL, 3]::INTEGER[]" },
        { "empty", Array.Empty<long>(), "[]::BIGINT[]" },
        { "strings", new List<string?> { "a", "", null, "ünï" }, "['a', '', NULL, 'ünï']" },
        { "booleans", new[] { true, false }, "[true, false]" },
        { "doubles", new[] { 1.5, double.NaN, double.NegativeInfinity }, "['1.5', 'nan', '-inf']::DOUBLE[]" },
        { "decimals", new[] { 1.5m, -2.25m, 3m }, "[1.5, -2.25, 3]::DECIMAL(10,2)[]" },
        { "unsigned", new ulong[] { 0, ulong.MaxValue }, "[0, 18446744073709551615]::UBIGINT[]" },
        { "dates", new[] { new DateOnly(2024, 2, 29), new DateOnly(1, 1, 1) }, "['2024-02-29', '0001-01-01']::DATE[]" },
        { "timestamps", new[] { new DateTime(2024, 1, 2, 3, 4, 5, 678, 901) }, "['2024-01-02 03:04:05.678901']::TIMESTAMP[]" },
        { "uuids", new[] { Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e") }, "['0f8fad5b-d9cb-469f-a165-70867728950e']::UUID[]" },
        { "intervals", new[] { TimeSpan.FromMinutes(90) }, "[INTERVAL 90 MINUTE]" },
        { "blobs", new[] { new byte[] { 0, 255 } }, "['\\x00\\xFF'::BLOB]" },
    };

    [Theory]
    [MemberData(nameof(ListParameters))]
    public async Task List_parameters_bind_as_DuckDB_lists_equal_to_the_same_literal(string name, object value, string literal)
    {
        await using var connection = await fixture.OpenAsync();
        await using var command = new QuiverCommand($"SELECT @v = {literal}, len(@v), @v::VARCHAR, {literal}::VARCHAR", connection);
        command.Parameters.AddWithValue("v", value);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetBoolean(0), $"{name}: {reader.GetString(2)} <> {reader.GetString(3)}");
        Assert.Equal(((System.Collections.IEnumerable)value).Cast<object?>().Count(), reader.GetInt64(1));
    }

    [Fact]
    public async Task List_parameters_filter_with_ANY_and_fill_list_columns()
    {
        await using var connection = await fixture.OpenAsync();
        await using (var setup = new QuiverCommand("CREATE OR REPLACE TEMP TABLE tagged(id INTEGER, tags VARCHAR[])", connection))
        {
            await setup.ExecuteNonQueryAsync();
        }

        await using (var insert = new QuiverCommand("INSERT INTO tagged VALUES (1, @a), (2, @b), (3, @c)", connection))
        {
            insert.Parameters.AddWithValue("a", new[] { "red", "blue" });
            insert.Parameters.AddWithValue("b", new List<string>());
            insert.Parameters.AddWithValue("c", null);
            Assert.Equal(3, await insert.ExecuteNonQueryAsync());
        }

        await using var query = new QuiverCommand("SELECT id, tags FROM tagged WHERE id = ANY(@ids) ORDER BY id", connection);
        query.Parameters.AddWithValue("ids", new[] { 1, 2, 99 });
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(["red", "blue"], reader.GetFieldValue<string[]>(1));
        Assert.True(await reader.ReadAsync());
        Assert.Empty(reader.GetFieldValue<List<string>>(1));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task Null_parameters_bind_as_NULL()
    {
        await using var connection = await fixture.OpenAsync();
        await using var command = new QuiverCommand("SELECT @a IS NULL AND @b IS NULL AND @c::INTEGER IS NULL", connection);
        command.Parameters.AddWithValue("a", null);
        command.Parameters.AddWithValue("b", DBNull.Value);
        command.Parameters.Add(new QuiverParameter("c", QuiverDbType.Integer));
        Assert.Equal(true, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Decimal_beyond_System_Decimal_is_a_clear_error_and_reads_as_SqlDecimal_BigInteger_or_string()
    {
        await using var connection = await fixture.OpenAsync();
        await using var command = new QuiverCommand(
            "SELECT 12345678901234567890123456789012345678::DECIMAL(38,0) AS big, 1234567890123456789012345678.1234567891::DECIMAL(38,10) AS scaled", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var error = Assert.Throws<InvalidCastException>(() => reader.GetDecimal(0));
        Assert.Contains("does not fit System.Decimal", error.Message, StringComparison.Ordinal);
        Assert.Equal(BigInteger.Parse("12345678901234567890123456789012345678"), reader.GetFieldValue<BigInteger>(0));
        Assert.Equal("12345678901234567890123456789012345678", reader.GetFieldValue<string>(0));
        Assert.Equal("1234567890123456789012345678.1234567891", reader.GetFieldValue<string>(1));
        Assert.Equal(SqlDecimal.Parse("1234567890123456789012345678.1234567891"), reader.GetFieldValue<SqlDecimal>(1));
    }

    [Fact]
    public async Task Interval_with_months_needs_QuiverInterval_and_lists_with_NULLs_need_nullable_elements()
    {
        await using var connection = await fixture.OpenAsync();
        await using var command = new QuiverCommand("SELECT INTERVAL '1 month', [1, NULL]", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Contains("QuiverInterval", Assert.Throws<InvalidCastException>(() => reader.GetFieldValue<TimeSpan>(0)).Message, StringComparison.Ordinal);
        Assert.Equal(new QuiverInterval(1, 0, 0), reader.GetFieldValue<QuiverInterval>(0));
        Assert.Contains("Int32?[]", Assert.Throws<InvalidCastException>(() => reader.GetValue(1)).Message, StringComparison.Ordinal);
        Assert.Equal([1, null], reader.GetFieldValue<int?[]>(1));
    }

    [Fact]
    public async Task Wrong_getter_names_the_column_type_and_what_it_reads_as()
    {
        await using var connection = await fixture.OpenAsync();
        await using var command = new QuiverCommand("SELECT 'x' AS word, 300 AS n", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var wrongType = Assert.Throws<InvalidCastException>(() => reader.GetInt32(0));
        Assert.Contains("Column 'word' is VARCHAR", wrongType.Message, StringComparison.Ordinal);
        Assert.Contains("does not fit Byte", Assert.Throws<InvalidCastException>(() => reader.GetByte(1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBytes_and_GetChars_read_in_chunks()
    {
        await using var connection = await fixture.OpenAsync();
        await using var command = new QuiverCommand("SELECT '\\x00\\x01\\x02\\x03\\x04'::BLOB, 'abcdef'", connection);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess);
        Assert.True(await reader.ReadAsync());
        Assert.Equal(5, reader.GetBytes(0, 0, null, 0, 0));
        var bytes = new byte[3];
        Assert.Equal(3, reader.GetBytes(0, 0, bytes, 0, 3));
        Assert.Equal(new byte[] { 0, 1, 2 }, bytes);
        Assert.Equal(2, reader.GetBytes(0, 3, bytes, 0, 3));
        var chars = new char[4];
        Assert.Equal(4, reader.GetChars(1, 2, chars, 0, 4));
        Assert.Equal("cdef", new string(chars));
    }

    private static string Typeof(string literal) => literal switch
    {
        "true" => "BOOLEAN",
        "2147483647" => "INTEGER",
        "9223372036854775807" => "BIGINT",
        "'héllo ✓'" => "VARCHAR",
        "[1, 2, 3]" => "INTEGER[]",
        "['a', NULL]" => "VARCHAR[]",
        "{'a': 1, 'b': NULL}" => "STRUCT(a INTEGER, b INTEGER)",
        "MAP {'k': 1.5}" => "MAP(VARCHAR, DECIMAL(2,1))",
        "'happy'::ENUM('sad', 'happy')" => "ENUM('sad', 'happy')",
        _ when literal.StartsWith("DATE ", StringComparison.Ordinal) => "DATE",
        _ when literal.StartsWith("TIME ", StringComparison.Ordinal) => "TIME",
        _ when literal.StartsWith("TIMESTAMP ", StringComparison.Ordinal) => "TIMESTAMP",
        _ when literal.StartsWith("TIMESTAMPTZ ", StringComparison.Ordinal) => "TIMESTAMPTZ",
        _ when literal.StartsWith("INTERVAL ", StringComparison.Ordinal) => "INTERVAL",
        _ => literal[(literal.LastIndexOf("::", StringComparison.Ordinal) + 2)..],
    };

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
