namespace Quiver.Arrow.Tests;

public sealed class ArrayAccessTests
{
    [Fact]
    public void Typed_getters_read_values_and_nulls_from_the_body()
    {
        var schema = new ArrowSchema([new("id", ArrowType.Int64), new("name", ArrowType.Utf8), new("price", ArrowType.Decimal128(10, 2)), new("ok", ArrowType.Boolean)]);
        using var builder = new ArrowRecordBatchBuilder(schema);
        builder.Column<PrimitiveArrayBuilder>(0).Append(42L);
        builder.Column<PrimitiveArrayBuilder>(0).AppendNull();
        builder.Column<BinaryArrayBuilder>(1).Append("Grüße 🏹");
        builder.Column<BinaryArrayBuilder>(1).AppendNull();
        builder.Column<PrimitiveArrayBuilder>(2).AppendDecimal(-12.5m);
        builder.Column<PrimitiveArrayBuilder>(2).AppendDecimal(99999999.99m);
        builder.Column<BooleanArrayBuilder>(3).Append(true);
        builder.Column<BooleanArrayBuilder>(3).Append(false);
        using var built = builder.Build();
        var (_, batches) = StreamBytes.Read(StreamBytes.Write(schema, [built]));
        using var batch = batches.Single();

        var id = (PrimitiveArray)batch.Column(0);
        var name = (BinaryArray)batch.Column(1);
        var price = (PrimitiveArray)batch.Column(2);
        var ok = (BooleanArray)batch.Column(3);
        Assert.Equal(42L, id.GetInt64(0));
        Assert.True(id.IsNull(1));
        Assert.False(id.IsNull(0));
        Assert.Equal(1, id.NullCount);
        Assert.Equal("Grüße 🏹", name.GetString(0));
        Assert.Equal("Grüße 🏹"u8.ToArray(), name.GetBytes(0).ToArray());
        Assert.True(name.IsNull(1));
        Assert.Equal(-12.50m, price.GetDecimal(0));
        Assert.Equal(-1250, price.GetUnscaledDecimal(0));
        Assert.Equal(99999999.99m, price.GetDecimal(1));
        Assert.True(ok.GetBoolean(0));
        Assert.False(ok.GetBoolean(1));
        Assert.Equal(2, id.GetValues<long>().Length);
    }

    [Fact]
    public void A_getter_of_the_wrong_width_or_type_is_an_InvalidCastException()
    {
        var array = Int64s(1, 2);

        Assert.Throws<InvalidCastException>(() => array.GetInt32(0));
        Assert.Throws<InvalidCastException>(() => array.GetDouble(0));
        Assert.Throws<InvalidCastException>(() => array.GetValues<int>());
        Assert.Equal(2L, array.GetValue<long>(1));
    }

    [Fact]
    public void A_row_outside_the_array_is_an_ArgumentOutOfRangeException()
    {
        var array = Int64s(1, 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => array.GetInt64(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => array.GetInt64(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => array.IsNull(2));
    }

    [Fact]
    public void Timestamps_keep_every_nanosecond()
    {
        using var builder = (PrimitiveArrayBuilder)ArrowArrayBuilder.Create(new("t", ArrowType.Timestamp(ArrowTimeUnit.Nanosecond, "UTC")));
        builder.Append(1_700_000_000_123_456_789L);
        builder.Append(long.MinValue);
        var array = (PrimitiveArray)builder.Build();

        Assert.Equal(1_700_000_000_123_456_789L, array.GetInt64(0));
        Assert.Equal(long.MinValue, array.GetInt64(1));
    }

    [Fact]
    public void A_decimal_beyond_System_Decimal_is_an_OverflowException_and_its_unscaled_value_is_exact()
    {
        var unscaled = Int128.Parse("-99999999999999999999999999999999999999", System.Globalization.CultureInfo.InvariantCulture);
        using var builder = (PrimitiveArrayBuilder)ArrowArrayBuilder.Create(new("d", ArrowType.Decimal128(38, 4)));
        builder.Append(unscaled);
        var array = (PrimitiveArray)builder.Build();

        Assert.Throws<OverflowException>(() => array.GetDecimal(0));
        Assert.Equal(unscaled, array.GetUnscaledDecimal(0));
    }

    [Fact]
    public void A_decimal_that_does_not_fit_the_column_is_refused_when_appended()
    {
        using var builder = (PrimitiveArrayBuilder)ArrowArrayBuilder.Create(new("d", ArrowType.Decimal128(4, 2)));

        Assert.Throws<OverflowException>(() => builder.AppendDecimal(100m));
        Assert.Throws<OverflowException>(() => builder.AppendDecimal(1.234m));
        builder.AppendDecimal(-99.99m);
        Assert.Equal(-9999, ((PrimitiveArray)builder.Build()).GetUnscaledDecimal(0));
    }

    [Fact]
    public void Nested_arrays_expose_their_items()
    {
        var schema = new ArrowSchema([new("m", ArrowType.Map(new("k", ArrowType.Utf8), new("v", ArrowType.Int32)))]);
        using var builder = new ArrowRecordBatchBuilder(schema);
        var map = builder.Column<ListArrayBuilder>(0);
        map.Append();
        map.AppendMapEntry();
        ((BinaryArrayBuilder)map.MapKeys).Append("one");
        ((PrimitiveArrayBuilder)map.MapValues).Append(1);
        map.AppendMapEntry();
        ((BinaryArrayBuilder)map.MapKeys).Append("two");
        map.MapValues.AppendNull();
        map.AppendNull();
        map.Append();
        using var batch = builder.Build();

        var column = (ListArray)batch.Column(0);
        Assert.Equal((0, 2), (column.GetStart(0), column.GetLength(0)));
        Assert.True(column.IsNull(1));
        Assert.Equal(0, column.GetLength(2));
        Assert.Equal("two", ((BinaryArray)column.MapKeys).GetString(1));
        Assert.True(column.MapValues.IsNull(1));
    }

    [Fact]
    public void A_struct_builder_refuses_fields_of_different_lengths()
    {
        using var builder = (StructArrayBuilder)ArrowArrayBuilder.Create(new("s", ArrowType.Struct(new("a", ArrowType.Int32), new("b", ArrowType.Int32))));
        builder.Append();
        ((PrimitiveArrayBuilder)builder.Fields[0]).Append(1);

        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Contains("'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposing_a_built_batch_returns_its_memory_and_the_builder_starts_over()
    {
        var schema = new ArrowSchema([new("x", ArrowType.Int32)]);
        using var builder = new ArrowRecordBatchBuilder(schema);
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 1000; i++)
            {
                builder.Column<PrimitiveArrayBuilder>(0).Append(i + round);
            }

            using var batch = builder.Build();
            Assert.Equal(1000, batch.Length);
            Assert.Equal(round + 999, ((PrimitiveArray)batch.Column(0)).GetInt32(999));
            Assert.Equal(0, builder.Length);
        }
    }

    [Fact]
    public void AppendRange_with_a_validity_bitmap_takes_the_bits_from_an_offset_and_zeroes_null_slots()
    {
        using var builder = (PrimitiveArrayBuilder)ArrowArrayBuilder.Create(new("x", ArrowType.Int32));
        builder.AppendNull();
        // Bits 3.. of the words: rows 0, 2 and 66 of the appended values are valid, the rest null.
        var words = new ulong[] { (1UL << 3) | (1UL << 5), 1UL << 5 };
        var values = Enumerable.Range(100, 67).ToArray();
        builder.AppendRange<int>(values, words, 3);
        var array = (PrimitiveArray)builder.Build();

        Assert.Equal(68, array.Length);
        Assert.Equal(65, array.NullCount);
        Assert.True(array.IsNull(0));
        Assert.Equal(100, array.GetInt32(1));
        Assert.True(array.IsNull(2));
        Assert.Equal(102, array.GetInt32(3));
        Assert.Equal(166, array.GetInt32(67));
        Assert.Equal(0, array.GetValues<int>()[4]);
        Assert.Throws<ArgumentException>(() => builder.AppendRange<int>(new int[70], words, 60));
    }

    private static PrimitiveArray Int64s(params long[] values)
    {
        using var builder = (PrimitiveArrayBuilder)ArrowArrayBuilder.Create(new("x", ArrowType.Int64));
        builder.AppendRange<long>(values);
        return (PrimitiveArray)builder.Build();
    }
}
