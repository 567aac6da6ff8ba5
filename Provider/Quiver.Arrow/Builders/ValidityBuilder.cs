namespace Quiver.Arrow;

/// <summary>A validity bitmap that is only allocated once a null appears (never, for the null type, which only counts).</summary>
internal sealed class ValidityBuilder(bool hasBitmap)
{
    private readonly PooledBuffer _bits = new();

    public int Length { get; private set; }

    public int NullCount { get; private set; }

    public void AppendValid()
    {
        if (NullCount != 0)
        {
            SetBit(Length, true);
        }

        Length++;
    }

    public void AppendNull()
    {
        if (!hasBitmap)
        {
            Length++;
            NullCount++;
            return;
        }

        if (NullCount == 0)
        {
            Materialise();
        }

        SetBit(Length, false);
        Length++;
        NullCount++;
    }

    /// <summary>Appends <paramref name="count"/> valid entries.</summary>
    public void AppendValid(int count)
    {
        if (NullCount == 0)
        {
            Length += count;
            return;
        }

        for (var i = 0; i < count; i++)
        {
            AppendValid();
        }
    }

    /// <summary>Appends bits <paramref name="offset"/> to <paramref name="offset"/> + <paramref name="count"/> of a bitmap in 64-bit words.</summary>
    public void AppendBits(ReadOnlySpan<ulong> words, int offset, int count)
    {
        for (var i = offset; i < offset + count; i++)
        {
            if ((words[i >> 6] & (1UL << (i & 63))) != 0)
            {
                AppendValid();
            }
            else
            {
                AppendNull();
            }
        }
    }

    public void Append(bool valid)
    {
        if (valid)
        {
            AppendValid();
        }
        else
        {
            AppendNull();
        }
    }

    public ReadOnlyMemory<byte> Detach(List<byte[]>? rented)
    {
        var memory = NullCount == 0 || !hasBitmap ? default : _bits.Detach(rented);
        _bits.Release();
        Length = 0;
        NullCount = 0;
        return memory;
    }

    public void Release()
    {
        _bits.Release();
        Length = 0;
        NullCount = 0;
    }

    // Everything appended so far was valid: set those bits.
    private void Materialise()
    {
        _bits.Truncate(0);
        var bytes = _bits.Extend((Length + 8) / 8);
        for (var i = 0; i < Length; i++)
        {
            bytes[i >> 3] |= (byte)(1 << (i & 7));
        }
    }

    private void SetBit(int index, bool value)
    {
        var needed = (index / 8) + 1;
        if (_bits.Length < needed)
        {
            _bits.Extend(needed - _bits.Length);
        }

        if (value)
        {
            _bits.Written[index >> 3] |= (byte)(1 << (index & 7));
        }
    }
}
