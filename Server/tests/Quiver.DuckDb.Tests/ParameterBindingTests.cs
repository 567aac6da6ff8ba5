namespace Quiver.DuckDb.Tests;

/// <summary>Every bindable type goes in through <c>SELECT $1</c> and comes back through the typed vector API.</summary>
public sealed class ParameterBindingTests : InMemoryConnectionTest
{

    [Fact]
    public void Boolean_round_trips()
    {
        Assert.Equal(DuckDbType.Boolean, RoundTrip(s => s.Bind(1, true), v => Assert.True(v.GetValues<bool>()[0])));
        RoundTrip(s => s.Bind(1, false), v => Assert.False(v.GetValues<bool>()[0]));
    }

    [Fact]
    public void Signed_integers_round_trip_at_their_limits()
    {
        Assert.Equal(DuckDbType.TinyInt, RoundTrip(s => s.Bind(1, sbyte.MinValue), v => Assert.Equal(sbyte.MinValue, v.GetValues<sbyte>()[0])));
        Assert.Equal(DuckDbType.SmallInt, RoundTrip(s => s.Bind(1, short.MaxValue), v => Assert.Equal(short.MaxValue, v.GetValues<short>()[0])));
        Assert.Equal(DuckDbType.Integer, RoundTrip(s => s.Bind(1, int.MinValue), v => Assert.Equal(int.MinValue, v.GetValues<int>()[0])));
        Assert.Equal(DuckDbType.BigInt, RoundTrip(s => s.Bind(1, long.MaxValue), v => Assert.Equal(long.MaxValue, v.GetValues<long>()[0])));
        var huge = Int128.MinValue + 12345;
        Assert.Equal(DuckDbType.HugeInt, RoundTrip(s => s.Bind(1, huge), v => Assert.Equal(huge, v.GetValues<Int128>()[0])));
    }

    [Fact]
    public void Unsigned_integers_round_trip_at_their_limits()
    {
        Assert.Equal(DuckDbType.UTinyInt, RoundTrip(s => s.Bind(1, byte.MaxValue), v => Assert.Equal(byte.MaxValue, v.GetValues<byte>()[0])));
        Assert.Equal(DuckDbType.USmallInt, RoundTrip(s => s.Bind(1, ushort.MaxValue), v => Assert.Equal(ushort.MaxValue, v.GetValues<ushort>()[0])));
        Assert.Equal(DuckDbType.UInteger, RoundTrip(s => s.Bind(1, uint.MaxValue), v => Assert.Equal(uint.MaxValue, v.GetValues<uint>()[0])));
        Assert.Equal(DuckDbType.UBigInt, RoundTrip(s => s.Bind(1, ulong.MaxValue), v => Assert.Equal(ulong.MaxValue, v.GetValues<ulong>()[0])));
        var huge = UInt128.MaxValue - 7;
        Assert.Equal(DuckDbType.UHugeInt, RoundTrip(s => s.Bind(1, huge), v => Assert.Equal(huge, v.GetValues<UInt128>()[0])));
    }

    [Fact]
    public void Floating_point_round_trips_exactly()
    {
        Assert.Equal(DuckDbType.Float, RoundTrip(s => s.Bind(1, 3.25f), v => Assert.Equal(3.25f, v.GetValues<float>()[0])));
        Assert.Equal(DuckDbType.Double, RoundTrip(s => s.Bind(1, Math.PI), v => Assert.Equal(Math.PI, v.GetValues<double>()[0])));
        RoundTrip(s => s.Bind(1, double.NegativeInfinity), v => Assert.Equal(double.NegativeInfinity, v.GetValues<double>()[0]));
    }

    [Theory]
    [InlineData("1234.5678")]
    [InlineData("-0.01")]
    [InlineData("0")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-7.9228162514264337593543950335")]
    public void Decimal_round_trips_with_its_scale(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var (_, scale) = DuckDbValues.ToUnscaled(value);

        var type = RoundTripType(s => s.Bind(1, value), (v, t) =>
        {
            Assert.Equal(scale, t.DecimalScale);
            var unscaled = t.StorageType switch
            {
                DuckDbType.SmallInt => v.GetValues<short>()[0],
                DuckDbType.Integer => v.GetValues<int>()[0],
                DuckDbType.BigInt => v.GetValues<long>()[0],
                _ => v.GetValues<Int128>()[0],
            };
            Assert.Equal(value, DuckDbValues.ToDecimal(unscaled, t.DecimalScale));
        });

        Assert.Equal(DuckDbType.Decimal, type.Id);
    }

    [Fact]
    public void Date_round_trips_across_the_DateOnly_range()
    {
        foreach (var date in new[] { new DateOnly(2026, 11, 22), DateOnly.MinValue, DateOnly.MaxValue, new DateOnly(1969, 12, 31) })
        {
            Assert.Equal(DuckDbType.Date, RoundTrip(s => s.Bind(1, date), v => Assert.Equal(date, DuckDbValues.FromDays(v.GetValues<int>()[0]))));
        }
    }

    [Fact]
    public void Time_round_trips_to_the_microsecond()
    {
        var time = new TimeOnly(23, 59, 58).Add(TimeSpan.FromMicroseconds(999_999));

        Assert.Equal(DuckDbType.Time, RoundTrip(s => s.Bind(1, time), v => Assert.Equal(time, DuckDbValues.FromTimeMicros(v.GetValues<long>()[0]))));
    }

    [Fact]
    public void Timestamp_round_trips_to_the_microsecond()
    {
        var value = new DateTime(2026, 11, 22, 3, 4, 5).AddTicks(1_234_560);

        Assert.Equal(DuckDbType.Timestamp, RoundTrip(s => s.Bind(1, value), v => Assert.Equal(value, DuckDbValues.FromUnixMicros(v.GetValues<long>()[0]))));
    }

    [Fact]
    public void TimestampTz_round_trips_as_the_same_instant()
    {
        var value = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.FromHours(9)).AddTicks(10);

        Assert.Equal(DuckDbType.TimestampTz, RoundTrip(s => s.Bind(1, value), v =>
            Assert.Equal(value.UtcDateTime, DuckDbValues.FromUnixMicros(v.GetValues<long>()[0], DateTimeKind.Utc))));
    }

    [Fact]
    public void Interval_round_trips_its_three_parts()
    {
        var value = new DuckDbInterval(14, -3, 5_000_001);

        Assert.Equal(DuckDbType.Interval, RoundTrip(s => s.Bind(1, value), v => Assert.Equal(value, v.GetValues<DuckDbInterval>()[0])));
    }

    [Fact]
    public void Uuid_round_trips_and_prints_as_the_same_text()
    {
        var value = Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6");

        Assert.Equal(DuckDbType.Uuid, RoundTrip(s => s.Bind(1, value), v => Assert.Equal(value, DuckDbValues.ToGuid(v.GetValues<Int128>()[0]))));
        using var statement = Connection.Prepare("SELECT CAST($1 AS VARCHAR)");
        statement.Bind(1, value);
        Assert.Equal(value.ToString(), ReadSingle(statement, (v, _) => v.GetString(0)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("exactly12byt")]
    [InlineData("thirteen byte")]
    [InlineData("naïve café — 日本語 🎉")]
    [InlineData("embedded\0nul")]
    public void Varchar_round_trips_inline_and_long_unicode_strings(string value)
    {
        Assert.Equal(DuckDbType.Varchar, RoundTrip(s => s.Bind(1, value), v => Assert.Equal(value, v.GetString(0))));
    }

    [Fact]
    public void A_string_longer_than_the_stack_buffer_round_trips()
    {
        var value = string.Concat(Enumerable.Repeat("0123456789é", 1000));

        RoundTrip(s => s.Bind(1, value), v => Assert.Equal(value, v.GetString(0)));
    }

    [Fact]
    public void Blob_round_trips_every_byte_value()
    {
        var value = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        Assert.Equal(DuckDbType.Blob, RoundTrip(s => s.BindBlob(1, value), v => Assert.Equal(value, v.GetBytes(0).ToArray())));
    }

    [Fact]
    public void Null_round_trips_as_an_invalid_row()
    {
        using var statement = Connection.Prepare("SELECT $1::INTEGER");
        statement.BindNull(1);

        Assert.False(ReadSingle(statement, (v, _) => v.Validity.IsValid(0)));
    }

    [Fact]
    public void A_value_binds_to_a_typed_parameter_by_conversion()
    {
        using var statement = Connection.Prepare("SELECT $1::INTEGER + 1");
        Assert.Equal(DuckDbType.Integer, statement.GetParameterType(1).Id);
        statement.Bind(1, 41L);

        Assert.Equal(42, ReadSingle(statement, (v, _) => v.GetValues<int>()[0]));
    }

    [Fact]
    public void Named_parameters_are_found_by_name()
    {
        using var statement = Connection.Prepare("SELECT $greeting || ', ' || $name");
        Assert.Equal(2, statement.ParameterCount);

        statement.Bind(statement.GetParameterIndex("name"), "DuckDB");
        statement.Bind(statement.GetParameterIndex("greeting"), "Hello");

        Assert.Equal("Hello, DuckDB", ReadSingle(statement, (v, _) => v.GetString(0)));
        Assert.Throws<ArgumentException>(() => statement.GetParameterIndex("missing"));
    }

    [Fact]
    public void Rebinding_after_execution_runs_with_the_new_value()
    {
        using var statement = Connection.Prepare("SELECT $1::BIGINT * 2");

        statement.Bind(1, 5L);
        Assert.Equal(10, ReadSingle(statement, (v, _) => v.GetValues<long>()[0]));
        statement.Bind(1, 21L);
        Assert.Equal(42, ReadSingle(statement, (v, _) => v.GetValues<long>()[0]));
    }

    private DuckDbType RoundTrip(Action<DuckDbPreparedStatement> bind, Action<DuckDbVector> check)
        => RoundTripType(bind, (v, _) => check(v)).Id;

    private DuckDbLogicalType RoundTripType(Action<DuckDbPreparedStatement> bind, Action<DuckDbVector, DuckDbLogicalType> check)
    {
        using var statement = Connection.Prepare("SELECT $1");
        bind(statement);
        return ReadSingle(statement, (vector, type) =>
        {
            Assert.True(vector.Validity.IsValid(0));
            check(vector, type);
            return type;
        });
    }

    private static T ReadSingle<T>(DuckDbPreparedStatement statement, Func<DuckDbVector, DuckDbLogicalType, T> read)
    {
        using var result = statement.ExecuteStreaming();
        using var chunk = result.FetchChunk();
        Assert.NotNull(chunk);
        Assert.Equal(1, chunk.RowCount);
        var value = read(chunk.GetVector(0), result.GetColumnType(0));
        Assert.Null(result.FetchChunk());
        return value;
    }
}
