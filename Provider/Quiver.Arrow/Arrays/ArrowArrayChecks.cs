using System.Runtime.InteropServices;

namespace Quiver.Arrow;

/// <summary>Checks that make the unchecked reads in the array accessors safe.</summary>
internal static class ArrowArrayChecks
{
    public static void CheckOffsets(ReadOnlySpan<byte> offsets, int length, bool large, long limit, string path)
    {
        if (length == 0)
        {
            return;
        }

        if (large)
        {
            CheckOffsets(MemoryMarshal.Cast<byte, long>(offsets)[..(length + 1)], limit, path);
        }
        else
        {
            var narrow = MemoryMarshal.Cast<byte, int>(offsets)[..(length + 1)];
            var previous = (long)narrow[0];
            if (previous < 0)
            {
                throw OffsetError(path, 0, previous, limit);
            }

            for (var i = 1; i < narrow.Length; i++)
            {
                var current = narrow[i];
                if (current < previous)
                {
                    throw OffsetError(path, i, current, limit);
                }

                previous = current;
            }

            if (previous > limit)
            {
                throw OffsetError(path, narrow.Length - 1, previous, limit);
            }
        }
    }

    public static void CheckIndices(PrimitiveArray indices, int dictionaryLength, string path)
    {
        for (var row = 0; row < indices.Length; row++)
        {
            if (indices.IsNull(row))
            {
                continue;
            }

            var index = indices.GetInteger(row);
            if (index < 0 || index >= dictionaryLength)
            {
                throw new ArrowFormatException(
                    $"Invalid record batch: row {row} of column '{path}' refers to dictionary entry {index} but the dictionary has {dictionaryLength} entries.");
            }
        }
    }

    private static void CheckOffsets(ReadOnlySpan<long> offsets, long limit, string path)
    {
        var previous = offsets[0];
        if (previous < 0)
        {
            throw OffsetError(path, 0, previous, limit);
        }

        for (var i = 1; i < offsets.Length; i++)
        {
            if (offsets[i] < previous)
            {
                throw OffsetError(path, i, offsets[i], limit);
            }

            previous = offsets[i];
        }

        if (previous > limit)
        {
            throw OffsetError(path, offsets.Length - 1, previous, limit);
        }
    }

    private static ArrowFormatException OffsetError(string path, int index, long value, long limit)
        => new($"Invalid record batch: offset {index} of column '{path}' is {value}; offsets must start at 0 or more, never decrease, and stay within {limit}.");
}
