using Quiver.Odbc.Native;
using Quiver.Odbc.Results;

namespace Quiver.Odbc;

// Fetching: a rowset of SQL_ATTR_ROW_ARRAY_SIZE rows into the bound columns (column-wise or row-wise), with row status
// and rows-fetched pointers, and SQLGetData on the current row.
internal sealed unsafe partial class OdbcStatement
{
    private const ushort RowSuccess = 0;
    private const ushort RowSuccessWithInfo = 6;
    private const ushort RowError = 5;
    private const ushort RowNoRow = 3;

    public short Fetch(short orientation)
    {
        if (orientation != 1)
        {
            throw new OdbcException("HY106", "The cursor is forward-only: SQLFetchScroll takes SQL_FETCH_NEXT only.");
        }

        var cursor = Cursor ?? throw new OdbcException("24000", "Invalid cursor state: the statement has no result set to fetch from.");
        var rowset = (int)Math.Min(Ard.ArraySize == 0 ? 1 : Ard.ArraySize, int.MaxValue);
        var status = (ushort*)Ird.ArrayStatusPtr;
        var fetched = 0;
        var errors = 0;
        var warnings = false;
        _getDataColumn = 0;
        while (fetched < rowset)
        {
            var count = cursor.Available(rowset - fetched);
            if (count == 0)
            {
                break;
            }

            if (status is not null)
            {
                new Span<ushort>(status + fetched, count).Fill(RowSuccess);
            }

            var (chunkWarnings, chunkErrors) = FetchRows(cursor, cursor.First, count, (nuint)fetched, status);
            warnings |= chunkWarnings;
            errors += chunkErrors;
            cursor.Take(count);
            fetched += count;
        }

        if (fetched == 0)
        {
            cursor.NoRow();
        }

        if (status is not null)
        {
            new Span<ushort>(status + fetched, rowset - fetched).Fill(RowNoRow);
        }

        if (Ird.RowsProcessedPtr != 0)
        {
            *(nuint*)Ird.RowsProcessedPtr = (nuint)fetched;
        }

        if (fetched == 0)
        {
            return SqlReturn.NoData;
        }

        if (errors > 0)
        {
            return rowset == 1 ? SqlReturn.Error : SqlReturn.SuccessWithInfo;
        }

        return warnings || Diagnostics.Count > 0 ? SqlReturn.SuccessWithInfo : SqlReturn.Success;
    }

    /// <summary>
    /// Writes <paramref name="count"/> rows of the current batch, from <paramref name="first"/>, into rowset rows from
    /// <paramref name="target"/>: column by column, by a block copy where the Arrow type and the C type allow one
    /// (BlockWriter), else value by value.
    /// </summary>
    private (bool Warnings, int Errors) FetchRows(ResultSet cursor, int first, int count, nuint target, ushort* status)
    {
        var warned = false;
        var columns = cursor.Columns;
        var bound = Math.Min(Ard.Count, columns.Count);
        var failed = new HashSet<int>();
        for (var i = 0; i < bound; i++)
        {
            var record = Ard.Records[i];
            if (record.DataPtr == 0 && record.IndicatorPtr == 0 && record.OctetLengthPtr == 0)
            {
                continue;
            }

            var column = columns[i];
            var cType = record.ConciseType == CType.Default ? column.DefaultCType : record.ConciseType;
            var size = CTypes.ElementSize(cType, record.OctetLength);
            var block = new BlockTarget(
                (byte*)Ard.Element(record.DataPtr, size, target), Ard.BindType == 0 ? size : (nint)Ard.BindType, record.OctetLength,
                (nint*)Ard.Element(record.IndicatorPtr, sizeof(nint), target), (nint*)Ard.Element(record.OctetLengthPtr, sizeof(nint), target),
                Ard.BindType == 0 ? sizeof(nint) : (nint)Ard.BindType);
            var result = BlockWriter.TryWrite(cursor.Array(i), cType, column, record, first, count, block, status is null ? null : status + target);
            if (result is { } truncatedRows)
            {
                if (truncatedRows > 0)
                {
                    warned = true;
                    Diagnostics.Warn("01004", "String data, right truncated.");
                }

                continue;
            }

            var cells = cursor.Cells(i);
            for (var row = 0; row < count; row++)
            {
                try
                {
                    if (WriteCell(cells.Get(first + row), column, cType, record, block, row))
                    {
                        warned = true;
                        if (status is not null && status[(int)target + row] == RowSuccess)
                        {
                            status[(int)target + row] = RowSuccessWithInfo;
                        }
                    }
                }
                catch (Exception failure) when (failure is OdbcException or FormatException or OverflowException)
                {
                    if (failed.Add(row))
                    {
                        Diagnostics.Fail(failure);
                    }

                    if (status is not null)
                    {
                        status[(int)target + row] = RowError;
                    }
                }
            }
        }

        return (warned, failed.Count);
    }

    /// <summary>One value into rowset row <paramref name="row"/> of the block; true when it was truncated.</summary>
    private bool WriteCell(in Cell cell, ColumnInfo column, short cType, DescriptorRecord record, in BlockTarget block, int row)
    {
        var indicator = block.Indicator(row);
        var length = block.Length(row);
        if (cell.Kind == CellKind.Null)
        {
            if (indicator is null)
            {
                throw new OdbcException("22002", $"Column {column.Name} is NULL and no indicator variable is bound for it.");
            }

            *indicator = SqlLength.NullData;
            return false;
        }

        if (indicator is not null && indicator != length)
        {
            *indicator = 0;
        }

        var data = block.Data(row);
        if (data is null)
        {
            return false;
        }

        long offset = 0;
        return ValueWriter.Write(cell, column, cType, data, record.OctetLength, length, ref offset, record, Diagnostics) == SqlReturn.SuccessWithInfo;
    }

    public short GetData(ushort columnNumber, short cType, byte* target, nint bufferLength, nint* lengthOrIndicator)
    {
        var cursor = Cursor ?? throw new OdbcException("24000", "Invalid cursor state: the statement has no result set.");
        if (!cursor.OnRow)
        {
            throw new OdbcException("24000", "Invalid cursor state: no row is current (call SQLFetch first, and not after it returned SQL_NO_DATA).");
        }

        if ((Ard.ArraySize > 1))
        {
            throw OdbcException.NotImplemented("SQLGetData with a rowset of more than one row is not supported (SQL_GETDATA_EXTENSIONS has no SQL_GD_BLOCK).");
        }

        if (columnNumber < 1 || columnNumber > cursor.Columns.Count)
        {
            throw new OdbcException("07009", $"Column {columnNumber} does not exist: the result has columns 1 to {cursor.Columns.Count}.");
        }

        if (columnNumber != _getDataColumn)
        {
            _getDataColumn = columnNumber;
            _getDataOffset = 0;
        }

        var column = cursor.Columns[columnNumber - 1];
        var record = Ard.Find(columnNumber);
        if (cType == CType.ArdType)
        {
            cType = record?.ConciseType ?? CType.Default;
        }

        if (cType == CType.Default)
        {
            cType = column.DefaultCType;
        }

        if (target is null && cType is not (CType.Char or CType.WChar or CType.Binary))
        {
            throw new OdbcException("HY009", "TargetValuePtr is NULL.");
        }

        var cell = cursor.Get(columnNumber - 1);
        if (cell.Kind == CellKind.Null)
        {
            if (_getDataOffset == ValueWriter.Done)
            {
                return SqlReturn.NoData;
            }

            if (lengthOrIndicator is null)
            {
                throw new OdbcException("22002", $"Column {columnNumber} is NULL and StrLen_or_IndPtr is NULL.");
            }

            *lengthOrIndicator = SqlLength.NullData;
            _getDataOffset = ValueWriter.Done;
            return SqlReturn.Success;
        }

        return ValueWriter.Write(cell, column, cType, target, bufferLength, lengthOrIndicator, ref _getDataOffset, cType == CType.Numeric ? record : null, Diagnostics);
    }
}
