namespace Quiver.Odbc;

/// <summary>What a descriptor describes: the application's buffers or the implementation's columns and parameters.</summary>
internal enum DescriptorKind
{
    ApplicationRow,
    ApplicationParameter,
    ImplementationRow,
    ImplementationParameter,
}

/// <summary>One record of a descriptor (a bound column or parameter); fields as SQLSetDescField names them.</summary>
internal sealed class DescriptorRecord
{
    public short Type = Native.CType.Default;
    public short ConciseType = Native.CType.Default;
    public short DatetimeIntervalCode;
    public nint OctetLength;
    public nuint Length;
    public short Precision;
    public short Scale;
    public nint DataPtr;
    public nint IndicatorPtr;
    public nint OctetLengthPtr;
    public short ParameterType = 1; // SQL_PARAM_INPUT
    public short Nullable = Native.SqlNullable.Nullable;
    public string Name = "";
    public short Unnamed = 1; // SQL_UNNAMED

    /// <summary>Sets the concise type and the verbose type and interval code that go with it, as ODBC keeps them consistent.</summary>
    public void SetConciseType(short type)
    {
        ConciseType = type;
        (Type, DatetimeIntervalCode) = type switch
        {
            Native.CType.TypeDate => ((short)9, (short)1),
            Native.CType.TypeTime => ((short)9, (short)2),
            Native.CType.TypeTimestamp => ((short)9, (short)3),
            >= 101 and <= 113 => ((short)10, (short)(type - 100)),
            _ => (type, (short)0),
        };
    }

    public DescriptorRecord Clone() => (DescriptorRecord)MemberwiseClone();
}

/// <summary>
/// A descriptor: the four a statement has implicitly (ARD, APD, IRD, IPD) and those an application allocates to use as
/// an ARD or APD. Bindings (SQLBindCol, SQLBindParameter) and the block-cursor attributes are fields of these.
/// </summary>
internal sealed class Descriptor(DescriptorKind kind, OdbcConnection connection, bool implicitlyAllocated) : OdbcHandle
{
    public DescriptorKind Kind { get; set; } = kind;

    /// <summary>The statement whose results or parameters an implementation descriptor describes.</summary>
    public OdbcStatement? Owner { get; set; }

    public OdbcConnection Connection { get; } = connection;

    public bool ImplicitlyAllocated { get; } = implicitlyAllocated;

    public nuint ArraySize { get; set; } = 1;

    /// <summary>0 for column-wise binding, else the size of one row's struct (row-wise binding).</summary>
    public nuint BindType { get; set; }

    public nint BindOffsetPtr { get; set; }

    public nint ArrayStatusPtr { get; set; }

    public nint RowsProcessedPtr { get; set; }

    public List<DescriptorRecord> Records { get; } = [];

    public short Count => (short)Records.Count;

    /// <summary>Record <paramref name="number"/> (1-based), created with those before it when it does not exist yet.</summary>
    public DescriptorRecord Record(int number)
    {
        if (number < 1)
        {
            throw new OdbcException("07009", $"Record number {number} is not valid: bookmarks are not supported, records start at 1.");
        }

        while (Records.Count < number)
        {
            Records.Add(new DescriptorRecord());
        }

        return Records[number - 1];
    }

    public DescriptorRecord? Find(int number) => number >= 1 && number <= Records.Count ? Records[number - 1] : null;

    /// <summary>Drops trailing records that bind nothing, as SQL_DESC_COUNT follows the highest bound record.</summary>
    public void Trim()
    {
        while (Records.Count > 0 && Records[^1].DataPtr == 0 && Records[^1].IndicatorPtr == 0 && Records[^1].OctetLengthPtr == 0)
        {
            Records.RemoveAt(Records.Count - 1);
        }
    }

    public void SetCount(int count)
    {
        if (count < 0)
        {
            throw new OdbcException("07009", "SQL_DESC_COUNT cannot be negative.");
        }

        if (count < Records.Count)
        {
            Records.RemoveRange(count, Records.Count - count);
        }
        else
        {
            Record(count);
        }
    }

    /// <summary>The address of an element of row <paramref name="row"/> for a bound pointer (column- or row-wise, plus the bind offset).</summary>
    public unsafe nint Element(nint pointer, nint elementSize, nuint row)
    {
        if (pointer == 0)
        {
            return 0;
        }

        var offset = BindOffsetPtr == 0 ? 0 : *(nint*)BindOffsetPtr;
        var stride = BindType == 0 ? elementSize : (nint)BindType;
        return pointer + offset + (stride * (nint)row);
    }
}
