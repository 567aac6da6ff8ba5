using System.Runtime.InteropServices;
using Quiver.Odbc.Native;

namespace Quiver.Odbc.Exports;

/// <summary>Describing and fetching results.</summary>
internal static unsafe class ResultExports
{
    [UnmanagedCallersOnly(EntryPoint = "SQLNumResultCols")]
    public static short NumResultCols(nint handle, short* count)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            var columns = statement.Columns;
            if (count is not null)
            {
                *count = (short)columns.Count;
            }

            return SqlReturn.Success;
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLDescribeCol")]
    public static short DescribeCol(nint handle, ushort number, byte* name, short capacity, short* nameLength, short* sqlType, nuint* size, short* digits, short* nullable)
        => DescribeCol(handle, number, name, capacity, nameLength, sqlType, size, digits, nullable, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SQLDescribeColW")]
    public static short DescribeColW(nint handle, ushort number, char* name, short capacity, short* nameLength, short* sqlType, nuint* size, short* digits, short* nullable)
        => DescribeCol(handle, number, name, capacity, nameLength, sqlType, size, digits, nullable, wide: true);

    private static short DescribeCol(nint handle, ushort number, void* name, short capacity, short* nameLength, short* sqlType, nuint* size, short* digits, short* nullable, bool wide)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            if (capacity < 0)
            {
                throw OdbcException.InvalidBufferLength($"BufferLength {capacity} is negative.");
            }

            var column = statement.Column(number);
            Text.Write(column.Name, name, capacity, nameLength, wide, statement.Diagnostics);
            if (sqlType is not null)
            {
                *sqlType = column.SqlType;
            }

            if (size is not null)
            {
                *size = (nuint)column.ColumnSize;
            }

            if (digits is not null)
            {
                *digits = column.DecimalDigits;
            }

            if (nullable is not null)
            {
                *nullable = column.Nullable;
            }

            return statement.Diagnostics.Result;
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLColAttribute")]
    public static short ColAttribute(nint handle, ushort number, ushort field, void* text, short capacity, short* textLength, nint* value)
        => ColAttribute(handle, number, field, text, capacity, textLength, value, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SQLColAttributeW")]
    public static short ColAttributeW(nint handle, ushort number, ushort field, void* text, short capacity, short* textLength, nint* value)
        => ColAttribute(handle, number, field, text, capacity, textLength, value, wide: true);

    private static short ColAttribute(nint handle, ushort number, ushort field, void* text, short capacity, short* textLength, nint* value, bool wide)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            switch (statement.ColumnAttribute(number, field))
            {
                case string s:
                    int bytes;
                    Text.WriteBytes(s, text, capacity, &bytes, wide, statement.Diagnostics);
                    if (textLength is not null)
                    {
                        *textLength = (short)Math.Min(bytes, short.MaxValue);
                    }

                    break;
                case long n:
                    if (value is not null)
                    {
                        *value = (nint)n;
                    }

                    break;
            }

            return statement.Diagnostics.Result;
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLBindCol")]
    public static short BindCol(nint handle, ushort number, short cType, nint data, nint bufferLength, nint* indicator)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            if (number < 1)
            {
                throw new OdbcException("07009", "Column numbers start at 1 (bookmarks are not supported).");
            }

            if (bufferLength < 0)
            {
                throw OdbcException.InvalidBufferLength($"BufferLength {bufferLength} is negative.");
            }

            if (!CTypes.IsKnown(cType))
            {
                throw new OdbcException("HY003", $"C type {cType} is not one this driver converts to (docs/odbc.md lists them).");
            }

            var record = statement.Ard.Record(number);
            record.SetConciseType(cType);
            record.DataPtr = data;
            record.OctetLength = bufferLength;
            record.IndicatorPtr = (nint)indicator;
            record.OctetLengthPtr = (nint)indicator;
            if (cType == CType.Numeric)
            {
                (record.Precision, record.Scale) = ((short)0, (short)0);
            }

            if (data == 0 && indicator is null)
            {
                statement.Ard.Trim();
            }

            return SqlReturn.Success;
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLFetch")]
    public static short Fetch(nint handle) => Fetch(handle, 1);

    [UnmanagedCallersOnly(EntryPoint = "SQLFetchScroll")]
    public static short FetchScroll(nint handle, short orientation, nint offset) => Fetch(handle, orientation);

    private static short Fetch(nint handle, short orientation)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            return statement.Fetch(orientation);
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLGetData")]
    public static short GetData(nint handle, ushort number, short cType, byte* target, nint bufferLength, nint* indicator)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            return statement.GetData(number, cType, target, bufferLength, indicator);
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLRowCount")]
    public static short RowCount(nint handle, nint* count)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        if (count is not null)
        {
            *count = (nint)statement.RowCount;
        }

        return SqlReturn.Success;
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLMoreResults")]
    public static short MoreResults(nint handle)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            return statement.MoreResults();
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }
}
