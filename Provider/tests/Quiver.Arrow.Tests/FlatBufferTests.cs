using System.Buffers.Binary;
using Quiver.Arrow.FlatBuffers;

namespace Quiver.Arrow.Tests;

public sealed class FlatBufferTests
{
    // A table shaped like Arrow's Field: name, nullable, a child table, a vector of tables, plus scalars.
    private static byte[] BuildSample()
    {
        var builder = new FlatBufferBuilder(initialCapacity: 16); // small on purpose: exercises growth
        var childName = builder.CreateString("child");
        builder.StartTable(2);
        builder.AddOffset(0, childName);
        builder.AddInt32(1, -7);
        var child = builder.EndTable();

        var items = new int[3];
        for (var i = 0; i < items.Length; i++)
        {
            builder.StartTable(1);
            builder.AddInt64(0, 1L << (20 + i));
            items[i] = builder.EndTable();
        }

        var vector = builder.CreateOffsetVector(items);
        var blocks = builder.CreateStructVector(2, 16, 8, (element, i) =>
        {
            BinaryPrimitives.WriteInt64LittleEndian(element, 100 + i);
            BinaryPrimitives.WriteInt64LittleEndian(element[8..], 200 + i);
        });
        var name = builder.CreateString("naïve ✓");

        builder.StartTable(8);
        builder.AddOffset(0, name);
        builder.AddBool(1, true);
        builder.AddOffset(2, child);
        builder.AddOffset(3, vector);
        builder.AddInt16(4, -2);
        builder.AddInt64(5, long.MinValue);
        builder.AddOffset(6, blocks);
        // field 7 left absent
        var root = builder.EndTable();
        return builder.Finish(root).ToArray();
    }

    [Fact]
    public void Built_buffer_reads_back_every_field()
    {
        var bytes = BuildSample();
        var reader = new FlatBufferReader(bytes, "sample");
        var root = reader.Root;

        Assert.Equal("naïve ✓", reader.GetString(root, 0));
        Assert.True(reader.GetBool(root, 1));
        Assert.Equal(-2, reader.GetInt16(root, 4));
        Assert.Equal(long.MinValue, reader.GetInt64(root, 5));

        var child = reader.GetTable(root, 2)!.Value;
        Assert.Equal("child", reader.GetString(child, 0));
        Assert.Equal(-7, reader.GetInt32(child, 1));

        var vector = reader.GetVector(root, 3, elementSize: 4);
        Assert.Equal(3, vector.Count);
        Assert.Equal([1L << 20, 1L << 21, 1L << 22], Enumerable.Range(0, 3).Select(i => ReadItem(bytes, vector, i)));

        var blocks = reader.GetVector(root, 6, elementSize: 16);
        Assert.Equal(2, blocks.Count);
        Assert.Equal(101, BinaryPrimitives.ReadInt64LittleEndian(reader.GetElement(blocks, 1)));
        Assert.Equal(201, BinaryPrimitives.ReadInt64LittleEndian(reader.GetElement(blocks, 1)[8..]));
        Assert.Equal(0, blocks.Start % 8);
    }

    [Fact]
    public void Absent_fields_read_as_their_defaults()
    {
        var bytes = BuildSample();
        var reader = new FlatBufferReader(bytes, "sample");

        Assert.False(reader.Has(reader.Root, 7));
        Assert.Equal(42, reader.GetInt32(reader.Root, 7, fallback: 42));
        Assert.Equal(0, reader.GetVector(reader.Root, 7, 4).Count);
        Assert.Null(reader.GetString(reader.Root, 7));
        Assert.Null(reader.GetTable(reader.Root, 7));
        Assert.False(reader.Has(reader.Root, 50)); // beyond the vtable: a field a newer schema added
    }

    [Fact]
    public void Offsets_are_aligned_and_the_buffer_size_is_a_multiple_of_the_largest_scalar()
    {
        var bytes = BuildSample();

        Assert.Equal(0, bytes.Length % 8);
    }

    [Fact]
    public void A_truncated_buffer_is_a_format_error_naming_the_position()
    {
        var bytes = BuildSample();

        var error = Assert.Throws<ArrowFormatException>(() => ReadEverything(bytes.AsSpan(0, bytes.Length / 2).ToArray()));

        Assert.Contains("Invalid sample at byte", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_root_offset_past_the_end_is_a_format_error()
    {
        var bytes = BuildSample();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, 0xFFFF_FFF0);

        var error = Assert.Throws<ArrowFormatException>(() => ReadEverything(bytes));

        Assert.Contains("outside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_single_byte_corruption_reads_or_fails_with_a_format_error_only()
    {
        var original = BuildSample();
        var random = new Random(20261122);
        for (var position = 0; position < original.Length; position++)
        {
            foreach (var value in new byte[] { 0x00, 0xFF, 0x7F, 0x80, (byte)random.Next(256) })
            {
                var bytes = (byte[])original.Clone();
                bytes[position] = value;
                try
                {
                    ReadEverything(bytes);
                }
                catch (ArrowFormatException)
                {
                    // the only failure allowed
                }
            }
        }
    }

    [Fact]
    public void Building_a_field_outside_the_table_is_refused()
    {
        var builder = new FlatBufferBuilder();
        builder.StartTable(1);

        Assert.Throws<InvalidOperationException>(() => builder.AddInt32(1, 5));
    }

    private static long ReadItem(byte[] bytes, FlatVector vector, int index)
    {
        var reader = new FlatBufferReader(bytes, "sample");
        return reader.GetInt64(reader.GetTable(vector, index), 0);
    }

    private static void ReadEverything(byte[] bytes)
    {
        var reader = new FlatBufferReader(bytes, "sample");
        var root = reader.Root;
        _ = reader.GetString(root, 0);
        _ = reader.GetBool(root, 1);
        if (reader.GetTable(root, 2) is { } child)
        {
            _ = reader.GetString(child, 0);
            _ = reader.GetInt32(child, 1);
        }

        var vector = reader.GetVector(root, 3, 4);
        for (var i = 0; i < vector.Count; i++)
        {
            _ = reader.GetInt64(reader.GetTable(vector, i), 0);
        }

        _ = reader.GetInt16(root, 4);
        _ = reader.GetInt64(root, 5);
        var blocks = reader.GetVector(root, 6, 16);
        for (var i = 0; i < blocks.Count; i++)
        {
            _ = reader.GetElement(blocks, i);
        }
    }
}
