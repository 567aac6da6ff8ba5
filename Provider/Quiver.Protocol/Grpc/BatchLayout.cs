namespace Quiver.Protocol.Grpc;

/// <summary>
/// Where the parts of an <c>ExecuteEvent { sequence = 1; batch = 3 { statement_index = 1; row_offset = 2;
/// row_count = 3; arrow_messages = 4 } }</c> sit in its protobuf encoding, so the Arrow bytes can be used in place.
/// Only that exact shape is read here (each field at most once, any unknown field skipped); anything else, including
/// malformed input, is left to protobuf's parser, which reports it.
/// </summary>
internal readonly record struct BatchLayout(ulong Sequence, uint StatementIndex, ulong RowOffset, uint RowCount, int DataOffset, int DataLength)
{
    private const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    public static bool TryRead(ReadOnlySpan<byte> message, out BatchLayout layout)
    {
        layout = default;
        ulong sequence = 0;
        var batchStart = -1;
        var batchLength = 0;
        var position = 0;
        while (position < message.Length)
        {
            if (!TryVarint(message, ref position, out var tag))
            {
                return false;
            }

            switch (tag)
            {
                case (1 << 3) | Varint:
                    if (!TryVarint(message, ref position, out sequence))
                    {
                        return false;
                    }

                    break;
                case (3 << 3) | LengthDelimited when batchStart < 0:
                    if (!TryLength(message, ref position, out batchLength))
                    {
                        return false;
                    }

                    batchStart = position;
                    position += batchLength;
                    break;
                case (3 << 3) | LengthDelimited:
                    return false; // a second batch field, which protobuf would merge
                case (2 << 3) | LengthDelimited or (4 << 3) | LengthDelimited or (5 << 3) | LengthDelimited or (6 << 3) | LengthDelimited:
                    return false; // another event: protobuf parses it
                default:
                    if (!TrySkip(message, ref position, tag))
                    {
                        return false;
                    }

                    break;
            }
        }

        return batchStart >= 0 && TryReadBatch(message, batchStart, batchLength, sequence, out layout);
    }

    private static bool TryReadBatch(ReadOnlySpan<byte> message, int start, int length, ulong sequence, out BatchLayout layout)
    {
        layout = default;
        ulong statementIndex = 0, rowOffset = 0, rowCount = 0;
        var dataOffset = start;
        var dataLength = 0;
        var seenData = false;
        var batch = message[..(start + length)];
        var position = start;
        while (position < batch.Length)
        {
            if (!TryVarint(batch, ref position, out var tag))
            {
                return false;
            }

            var ok = tag switch
            {
                (1 << 3) | Varint => TryVarint(batch, ref position, out statementIndex),
                (2 << 3) | Varint => TryVarint(batch, ref position, out rowOffset),
                (3 << 3) | Varint => TryVarint(batch, ref position, out rowCount),
                (4 << 3) | LengthDelimited when !seenData => TryData(batch, ref position, out dataOffset, out dataLength, out seenData),
                (4 << 3) | LengthDelimited => false,
                _ => TrySkip(batch, ref position, tag),
            };
            if (!ok)
            {
                return false;
            }
        }

        if (statementIndex > uint.MaxValue || rowCount > uint.MaxValue)
        {
            return false;
        }

        layout = new BatchLayout(sequence, (uint)statementIndex, rowOffset, (uint)rowCount, dataOffset, dataLength);
        return true;
    }

    private static bool TryData(ReadOnlySpan<byte> batch, ref int position, out int offset, out int length, out bool seen)
    {
        seen = true;
        offset = 0;
        if (!TryLength(batch, ref position, out length))
        {
            return false;
        }

        offset = position;
        position += length;
        return true;
    }

    private static bool TrySkip(ReadOnlySpan<byte> message, ref int position, ulong tag)
    {
        if (tag >> 3 == 0)
        {
            return false;
        }

        switch ((int)(tag & 7))
        {
            case Varint:
                return TryVarint(message, ref position, out _);
            case Fixed64:
                position += 8;
                return position <= message.Length;
            case Fixed32:
                position += 4;
                return position <= message.Length;
            case LengthDelimited:
                if (!TryLength(message, ref position, out var length))
                {
                    return false;
                }

                position += length;
                return true;
            default:
                return false;
        }
    }

    // A length that fits in what is left of the message.
    private static bool TryLength(ReadOnlySpan<byte> message, ref int position, out int length)
    {
        length = 0;
        if (!TryVarint(message, ref position, out var value) || value > (ulong)(message.Length - position))
        {
            return false;
        }

        length = (int)value;
        return true;
    }

    private static bool TryVarint(ReadOnlySpan<byte> message, ref int position, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && position < message.Length; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
