using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Quiver.Arrow;

/// <summary>
/// A column of fixed-width values: integers, floating point, decimals, dates, times, timestamps, durations, intervals
/// and fixed-size binary. Typed getters read straight from the values buffer; <see cref="GetValues{T}"/> exposes it as a
/// span. Getters check the column's storage once per call and throw <see cref="InvalidCastException"/> on a mismatch.
/// </summary>
public sealed partial class PrimitiveArray : ArrowArray
{
    private readonly BufferView _values;
    private readonly ArrowTypeId _storage;
    private readonly int _width;

    internal PrimitiveArray(ArrowType type, int length, int nullCount, ReadOnlyMemory<byte> validity, ReadOnlyMemory<byte> values)
        : base(type, length, nullCount, validity)
    {
        _values = new BufferView(values);
        _width = type.ByteWidth;
        _storage = StorageOf(type);
    }

    /// <summary>Bytes per value.</summary>
    public int ByteWidth => _width;

    /// <summary>The raw values buffer (<see cref="ArrowArray.Length"/> × <see cref="ByteWidth"/> bytes are meaningful).</summary>
    public ReadOnlySpan<byte> ValueBytes => _values.Slice(0, Length * _width);

    internal override ReadOnlyMemory<byte>[] DataBuffers => [_values.Memory];

    /// <summary>
    /// The values as a span of <typeparamref name="T"/>, which must be exactly <see cref="ByteWidth"/> bytes wide
    /// (for example <c>long</c> for int64, timestamp and duration columns). Null slots hold unspecified values.
    /// </summary>
    public ReadOnlySpan<T> GetValues<T>()
        where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() != _width)
        {
            throw WrongType($"{Unsafe.SizeOf<T>()}-byte {typeof(T).Name} values");
        }

        return MemoryMarshal.Cast<byte, T>(_values.Slice(0, Length * _width));
    }

    /// <summary>The raw value at <paramref name="row"/> as any <see cref="ByteWidth"/>-byte type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T GetValue<T>(int row)
        where T : unmanaged
    {
        CheckRow(row);
        if (Unsafe.SizeOf<T>() != _width)
        {
            throw WrongType($"{Unsafe.SizeOf<T>()}-byte {typeof(T).Name} values");
        }

        return _values.Read<T>(row);
    }

    /// <summary>The bytes of the value at <paramref name="row"/> (any fixed width; the natural accessor for fixed-size binary).</summary>
    public ReadOnlySpan<byte> GetBytes(int row)
    {
        CheckRow(row);
        return _values.Slice(row * _width, _width);
    }

    // The physical storage a typed getter must match: int32 for date32/time32/year-month intervals, int64 for
    // date64/time64/timestamps/durations, and the type itself otherwise.
    private static ArrowTypeId StorageOf(ArrowType type) => type.Id switch
    {
        ArrowTypeId.Date32 or ArrowTypeId.Time32 => ArrowTypeId.Int32,
        ArrowTypeId.Interval when type.IntervalUnit == ArrowIntervalUnit.YearMonth => ArrowTypeId.Int32,
        ArrowTypeId.Date64 or ArrowTypeId.Time64 or ArrowTypeId.Timestamp or ArrowTypeId.Duration => ArrowTypeId.Int64,
        _ => type.Id,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T Read<T>(int row, ArrowTypeId storage)
        where T : unmanaged
    {
        CheckRow(row);
        if (_storage != storage)
        {
            ThrowWrongStorage(storage);
        }

        return _values.Read<T>(row);
    }

    private void ThrowWrongStorage(ArrowTypeId storage) => throw WrongType(storage.ToString());
}
