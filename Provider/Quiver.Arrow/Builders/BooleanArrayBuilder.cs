namespace Quiver.Arrow;

/// <summary>Builds a boolean column.</summary>
public sealed class BooleanArrayBuilder : ArrowArrayBuilder
{
    private readonly PooledBuffer _bits = new();

    internal BooleanArrayBuilder(ArrowField field)
        : base(field)
    {
    }

    /// <summary>Appends a value.</summary>
    public void Append(bool value)
    {
        var row = Length;
        if ((row & 7) == 0)
        {
            _bits.Extend(1);
        }

        if (value)
        {
            _bits.Written[row >> 3] |= (byte)(1 << (row & 7));
        }

        Validity.AppendValid();
    }

    /// <inheritdoc/>
    public override void AppendNull()
    {
        if ((Length & 7) == 0)
        {
            _bits.Extend(1);
        }

        Validity.AppendNull();
    }

    internal override ArrowArray Build(List<byte[]>? rented)
        => new BooleanArray(Length, NullCount, Validity.Detach(rented), _bits.Detach(rented));

    private protected override void AppendValueFrom(ArrowArray source, int row) => Append(((BooleanArray)source).GetBoolean(row));

    private protected override void Release()
    {
        _bits.Release();
        Validity.Release();
    }
}
