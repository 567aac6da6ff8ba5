namespace Quiver.Arrow;

/// <summary>Copying operations over arrays of any type.</summary>
internal static class ArrowArrays
{
    /// <summary>A new array holding the rows of <paramref name="first"/> followed by those of <paramref name="second"/>.</summary>
    public static ArrowArray Concatenate(ArrowField field, ArrowArray first, ArrowArray second)
    {
        using var builder = ArrowArrayBuilder.Create(field);
        AppendRows(builder, first, 0, first.Length);
        AppendRows(builder, second, 0, second.Length);
        return builder.Build();
    }

    /// <summary>A new array holding <paramref name="count"/> rows of <paramref name="source"/> from <paramref name="start"/>.</summary>
    public static ArrowArray Slice(ArrowField field, ArrowArray source, int start, int count)
    {
        using var builder = ArrowArrayBuilder.Create(field);
        AppendRows(builder, source, start, count);
        return builder.Build();
    }

    private static void AppendRows(ArrowArrayBuilder builder, ArrowArray source, int start, int count)
    {
        if (builder is DictionaryArrayBuilder dictionary && source is DictionaryArray encoded)
        {
            dictionary.Dictionary = encoded.Dictionary;
        }

        for (var row = start; row < start + count; row++)
        {
            builder.AppendFrom(source, row);
        }
    }

    /// <summary>Whether the first <paramref name="count"/> rows of two arrays of one type hold equal values.</summary>
    public static bool PrefixEquals(ArrowArray left, ArrowArray right, int count)
    {
        if (left.Length < count || right.Length < count)
        {
            return false;
        }

        for (var row = 0; row < count; row++)
        {
            if (!RowEquals(left, row, right, row))
            {
                return false;
            }
        }

        return true;
    }

    private static bool RowEquals(ArrowArray left, int i, ArrowArray right, int j)
    {
        var leftNull = left.IsNull(i);
        if (leftNull || right.IsNull(j))
        {
            return leftNull && right.IsNull(j);
        }

        switch (left)
        {
            case NullArray:
                return true;
            case BooleanArray b:
                return b.GetBoolean(i) == ((BooleanArray)right).GetBoolean(j);
            case PrimitiveArray p:
                return p.GetBytes(i).SequenceEqual(((PrimitiveArray)right).GetBytes(j));
            case BinaryArray s:
                return s.GetBytes(i).SequenceEqual(((BinaryArray)right).GetBytes(j));
            case DictionaryArray d:
                var other = (DictionaryArray)right;
                return RowEquals(d.Dictionary, d.GetIndex(i), other.Dictionary, other.GetIndex(j));
            case ListArray l:
                var r = (ListArray)right;
                return RangeEquals(l.Values, l.GetStart(i), r.Values, r.GetStart(j), l.GetLength(i), r.GetLength(j));
            case FixedSizeListArray f:
                var g = (FixedSizeListArray)right;
                return RangeEquals(f.Values, f.GetStart(i), g.Values, g.GetStart(j), f.ListSize, g.ListSize);
            default:
                for (var c = 0; c < left.Children.Count; c++)
                {
                    if (!RowEquals(left.Children[c], i, right.Children[c], j))
                    {
                        return false;
                    }
                }

                return true;
        }
    }

    private static bool RangeEquals(ArrowArray left, int i, ArrowArray right, int j, int leftCount, int rightCount)
    {
        if (leftCount != rightCount)
        {
            return false;
        }

        for (var k = 0; k < leftCount; k++)
        {
            if (!RowEquals(left, i + k, right, j + k))
            {
                return false;
            }
        }

        return true;
    }
}
