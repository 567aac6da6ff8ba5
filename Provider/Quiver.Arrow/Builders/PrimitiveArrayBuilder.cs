using System.Runtime.CompilerServices;

namespace Quiver.Arrow;

/// <summary>
/// Builds a column of fixed-width values (integers, floating point, decimals, temporal types, intervals, fixed-size
/// binary). <see cref="Append{T}"/> takes the raw value in any type of exactly the column's byte width.
/// </summary>
public sealed class PrimitiveArrayBuilder : ArrowArrayBuilder
{
    private readonly PooledBuffer _values = new();
    private readonly int _width;

    internal PrimitiveArrayBuilder(ArrowField field)
        : this(field, field.Type)
    {
    }

    // Dictionary indices are built with the index type, not the field's value type.
    internal PrimitiveArrayBuilder(ArrowField field, ArrowType storageType)
        : base(field)
    {
        StorageType = storageType;
        _width = storageType.ByteWidth;
        if (_width <= 0)
        {
            throw new ArgumentException($"Type {storageType} is not fixed-width.", nameof(field));
        }
    }

    internal ArrowType StorageType { get; }

    /// <summary>Appends a raw value; <typeparamref name="T"/> must be exactly as wide as the column's values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append<T>(T value)
        where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() != _width)
        {
            ThrowWidth<T>();
        }

        _values.Append(value);
        Validity.AppendValid();
    }

    /// <summary>Appends non-null raw values.</summary>
    public void AppendRange<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() != _width)
        {
            ThrowWidth<T>();
        }

        _values.AppendRange(values);
        Validity.AppendValid(values.Length);
    }

    /// <summary>
    /// Appends raw values with their validity: value <c>i</c> is null when bit <paramref name="validityOffset"/> + i of
    /// <paramref name="validity"/> (64-bit words, least significant bit first, as in Arrow) is clear. An empty
    /// <paramref name="validity"/> means every value is valid. Null slots are zeroed.
    /// </summary>
    public void AppendRange<T>(ReadOnlySpan<T> values, ReadOnlySpan<ulong> validity, int validityOffset)
        where T : unmanaged
    {
        if (validity.IsEmpty)
        {
            AppendRange(values);
            return;
        }

        if (Unsafe.SizeOf<T>() != _width)
        {
            ThrowWidth<T>();
        }

        ArgumentOutOfRangeException.ThrowIfNegative(validityOffset);
        if ((long)validityOffset + values.Length > (long)validity.Length * 64)
        {
            throw new ArgumentException("The validity bitmap is shorter than the values.", nameof(validity));
        }

        var start = _values.Length;
        _values.AppendRange(values);
        Validity.AppendBits(validity, validityOffset, values.Length);
        var written = _values.Written;
        for (var i = 0; i < values.Length; i++)
        {
            var bit = validityOffset + i;
            if ((validity[bit >> 6] & (1UL << (bit & 63))) == 0)
            {
                written.Slice(start + (i * _width), _width).Clear();
            }
        }
    }

    /// <summary>Appends the bytes of one value (fixed-size binary, or any raw value); the length must equal the width.</summary>
    public void AppendBytes(ReadOnlySpan<byte> value)
    {
        if (value.Length != _width)
        {
            throw new ArgumentException($"Column '{Field.Name}' holds {_width}-byte values, not {value.Length} bytes.", nameof(value));
        }

        _values.Append(value);
        Validity.AppendValid();
    }

    /// <summary>Appends a decimal, rescaled to the column's scale; throws when it does not fit the precision exactly.</summary>
    public void AppendDecimal(decimal value)
    {
        if (StorageType.Id != ArrowTypeId.Decimal128)
        {
            throw WrongType("a decimal");
        }

        Append(DecimalConversion.ToUnscaled(value, StorageType.Precision, StorageType.Scale));
    }

    /// <summary>Appends a month-day-nanosecond interval.</summary>
    public void AppendMonthDayNano(ArrowMonthDayNano value)
    {
        if (StorageType.Id != ArrowTypeId.Interval || StorageType.IntervalUnit != ArrowIntervalUnit.MonthDayNano)
        {
            throw WrongType("a month-day-nano interval");
        }

        Append(value);
    }

    /// <inheritdoc/>
    public override void AppendNull()
    {
        _values.Extend(_width);
        Validity.AppendNull();
    }

    internal override ArrowArray Build(List<byte[]>? rented) => BuildPrimitive(rented);

    internal PrimitiveArray BuildPrimitive(List<byte[]>? rented)
        => new(StorageType, Length, NullCount, Validity.Detach(rented), _values.Detach(rented));

    private protected override void AppendValueFrom(ArrowArray source, int row) => AppendBytes(((PrimitiveArray)source).GetBytes(row));

    private protected override void Release()
    {
        _values.Release();
        Validity.Release();
    }

    private void ThrowWidth<T>() => throw WrongType($"{Unsafe.SizeOf<T>()}-byte {typeof(T).Name} values");
}
