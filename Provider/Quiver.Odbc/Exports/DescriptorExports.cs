using System.Runtime.InteropServices;
using Quiver.Odbc.Native;

namespace Quiver.Odbc.Exports;

/// <summary>SQLGetDescField, SQLSetDescField, SQLGetDescRec, SQLSetDescRec and SQLCopyDesc.</summary>
internal static unsafe class DescriptorExports
{
    [UnmanagedCallersOnly(EntryPoint = "SQLGetDescField")]
    public static short GetDescField(nint handle, short record, short field, void* value, int capacity, int* length) => GetDescField(handle, record, field, value, capacity, length, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SQLGetDescFieldW")]
    public static short GetDescFieldW(nint handle, short record, short field, void* value, int capacity, int* length) => GetDescField(handle, record, field, value, capacity, length, wide: true);

    private static short GetDescField(nint handle, short number, short field, void* value, int capacity, int* length, bool wide)
    {
        if (OdbcHandle.From<Descriptor>(handle) is not { } descriptor)
        {
            return SqlReturn.InvalidHandle;
        }

        descriptor.Enter();
        try
        {
            var result = DescriptorFields.Get(descriptor, number, field);
            if (result is null)
            {
                return SqlReturn.NoData;
            }

            if (result is string text)
            {
                Text.WriteBytes(text, value, capacity, length, wide, descriptor.Diagnostics);
            }
            else
            {
                var size = DescriptorFields.Size(field);
                var number64 = Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
                if (value is not null)
                {
                    switch (size)
                    {
                        case 2:
                            *(short*)value = (short)number64;
                            break;
                        case 4:
                            *(int*)value = (int)number64;
                            break;
                        default:
                            *(long*)value = number64;
                            break;
                    }
                }

                if (length is not null)
                {
                    *length = size;
                }
            }

            return descriptor.Diagnostics.Result;
        }
        catch (Exception failure)
        {
            return descriptor.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLSetDescField")]
    public static short SetDescField(nint handle, short record, short field, nint value, int length) => SetDescField(handle, record, field, value, length, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SQLSetDescFieldW")]
    public static short SetDescFieldW(nint handle, short record, short field, nint value, int length) => SetDescField(handle, record, field, value, length, wide: true);

    private static short SetDescField(nint handle, short number, short field, nint value, int length, bool wide)
    {
        if (OdbcHandle.From<Descriptor>(handle) is not { } descriptor)
        {
            return SqlReturn.InvalidHandle;
        }

        descriptor.Enter();
        try
        {
            var text = field == 1011 ? Text.Read((void*)value, wide && length > 0 ? length / 2 : length, wide) : null;
            DescriptorFields.Set(descriptor, number, field, value, text);
            return descriptor.Diagnostics.Result;
        }
        catch (Exception failure)
        {
            return descriptor.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLGetDescRec")]
    public static short GetDescRec(nint handle, short number, byte* name, short capacity, short* nameLength, short* type, short* subType, nint* length, short* precision, short* scale, short* nullable)
        => GetDescRec(handle, number, name, capacity, nameLength, type, subType, length, precision, scale, nullable, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SQLGetDescRecW")]
    public static short GetDescRecW(nint handle, short number, char* name, short capacity, short* nameLength, short* type, short* subType, nint* length, short* precision, short* scale, short* nullable)
        => GetDescRec(handle, number, name, capacity, nameLength, type, subType, length, precision, scale, nullable, wide: true);

    private static short GetDescRec(nint handle, short number, void* name, short capacity, short* nameLength, short* type, short* subType, nint* length, short* precision, short* scale, short* nullable, bool wide)
    {
        if (OdbcHandle.From<Descriptor>(handle) is not { } descriptor)
        {
            return SqlReturn.InvalidHandle;
        }

        descriptor.Enter();
        try
        {
            if (number > DescriptorFields.RecordCount(descriptor))
            {
                return SqlReturn.NoData;
            }

            Text.Write((string?)DescriptorFields.Get(descriptor, number, 1011) ?? "", name, capacity, nameLength, wide, descriptor.Diagnostics);
            static void Put(short* target, object? value)
            {
                if (target is not null)
                {
                    *target = Convert.ToInt16(value ?? 0, System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            Put(type, DescriptorFields.Get(descriptor, number, 1002));
            Put(subType, DescriptorFields.Get(descriptor, number, 1007));
            Put(precision, DescriptorFields.Get(descriptor, number, 1005));
            Put(scale, DescriptorFields.Get(descriptor, number, 1006));
            Put(nullable, DescriptorFields.Get(descriptor, number, 1008));
            if (length is not null)
            {
                *length = (nint)Convert.ToInt64(DescriptorFields.Get(descriptor, number, 1013) ?? 0, System.Globalization.CultureInfo.InvariantCulture);
            }

            return descriptor.Diagnostics.Result;
        }
        catch (Exception failure)
        {
            return descriptor.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLSetDescRec")]
    public static short SetDescRec(nint handle, short number, short type, short subType, nint length, short precision, short scale, nint data, nint* stringLength, nint* indicator)
    {
        if (OdbcHandle.From<Descriptor>(handle) is not { } descriptor)
        {
            return SqlReturn.InvalidHandle;
        }

        descriptor.Enter();
        try
        {
            DescriptorFields.CheckWritable(descriptor, 1002);
            var record = descriptor.Record(number);
            if (type is 9 or 10)
            {
                record.Type = type;
                record.DatetimeIntervalCode = subType;
                record.ConciseType = type == 9 ? (short)(90 + subType) : (short)(100 + subType);
            }
            else
            {
                record.SetConciseType(type);
            }

            record.OctetLength = length;
            record.Precision = precision;
            record.Scale = scale;
            record.DataPtr = data;
            record.OctetLengthPtr = (nint)stringLength;
            record.IndicatorPtr = (nint)indicator;
            return SqlReturn.Success;
        }
        catch (Exception failure)
        {
            return descriptor.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLCopyDesc")]
    public static short CopyDesc(nint source, nint target)
    {
        if (OdbcHandle.From<Descriptor>(source) is not { } from || OdbcHandle.From<Descriptor>(target) is not { } to)
        {
            return SqlReturn.InvalidHandle;
        }

        to.Enter();
        try
        {
            if (to.Kind == DescriptorKind.ImplementationRow)
            {
                throw new OdbcException("HY016", "An implementation row descriptor cannot be modified.");
            }

            to.Records.Clear();
            if (from.Kind == DescriptorKind.ImplementationRow && from.Owner is { } statement)
            {
                for (var i = 1; i <= statement.Columns.Count; i++)
                {
                    var column = statement.Columns[i - 1];
                    var record = to.Record(i);
                    record.SetConciseType(column.SqlType);
                    record.Length = (nuint)column.ColumnSize;
                    record.Precision = OdbcStatement.Precision(column);
                    record.Scale = column.DecimalDigits;
                    record.OctetLength = (nint)column.OctetLength;
                    record.Nullable = column.Nullable;
                    record.Name = column.Name;
                }
            }
            else
            {
                to.Records.AddRange(from.Records.Select(r => r.Clone()));
            }

            to.ArraySize = from.ArraySize;
            to.BindType = from.BindType;
            to.BindOffsetPtr = from.BindOffsetPtr;
            to.ArrayStatusPtr = from.ArrayStatusPtr;
            to.RowsProcessedPtr = from.RowsProcessedPtr;
            return SqlReturn.Success;
        }
        catch (Exception failure)
        {
            return to.Diagnostics.Fail(failure);
        }
    }
}

/// <summary>Descriptor fields by their SQL_DESC_* identifiers; an implementation row descriptor reads from its statement's columns.</summary>
internal static class DescriptorFields
{
    public static int RecordCount(Descriptor descriptor)
        => descriptor.Kind == DescriptorKind.ImplementationRow && descriptor.Owner is { } statement ? statement.Columns.Count : descriptor.Count;

    /// <summary>The byte size of a numeric field as the ODBC reference types it.</summary>
    public static int Size(short field) => field switch
    {
        20 or 1003 or 1013 or 6 => 8, // ARRAY_SIZE, LENGTH, OCTET_LENGTH, DISPLAY_SIZE
        21 or 24 or 34 or 1004 or 1009 or 1010 => IntPtr.Size, // pointers
        25 or 11 or 12 or 26 or 32 => 4, // BIND_TYPE, AUTO_UNIQUE_VALUE, CASE_SENSITIVE, DATETIME_INTERVAL_PRECISION, NUM_PREC_RADIX
        _ => 2,
    };

    public static object? Get(Descriptor descriptor, short number, short field)
    {
        switch (field)
        {
            case 1099: return (short)(descriptor.ImplicitlyAllocated ? 1 : 2); // SQL_DESC_ALLOC_TYPE
            case 20: return (long)descriptor.ArraySize;
            case 21: return (long)descriptor.ArrayStatusPtr;
            case 24: return (long)descriptor.BindOffsetPtr;
            case 25: return (long)descriptor.BindType;
            case 34: return (long)descriptor.RowsProcessedPtr;
            case 1001: return (short)RecordCount(descriptor);
        }

        if (descriptor.Kind == DescriptorKind.ImplementationRow && descriptor.Owner is { } statement)
        {
            if (number < 1 || number > statement.Columns.Count)
            {
                return number > statement.Columns.Count ? null : throw new OdbcException("07009", $"Record {number} does not exist.");
            }

            return field switch
            {
                1010 or 1009 or 1004 => 0L,
                1013 => statement.Columns[number - 1].OctetLength,
                33 => 0L,
                _ => statement.ColumnAttribute(number, (ushort)field),
            };
        }

        var record = descriptor.Find(number);
        if (record is null)
        {
            return number < 1 ? throw new OdbcException("07009", $"Record {number} does not exist.") : null;
        }

        return field switch
        {
            1002 => record.Type,
            2 => record.ConciseType,
            1007 => record.DatetimeIntervalCode,
            1013 => (long)record.OctetLength,
            1003 => (long)record.Length,
            1005 => record.Precision,
            1006 => record.Scale,
            1010 => (long)record.DataPtr,
            1009 => (long)record.IndicatorPtr,
            1004 => (long)record.OctetLengthPtr,
            33 => record.ParameterType,
            1008 => record.Nullable,
            1011 => record.Name,
            1012 => record.Unnamed,
            _ => throw new OdbcException("HY091", $"Field {field} is not a field of this descriptor."),
        };
    }

    public static void CheckWritable(Descriptor descriptor, short field)
    {
        if (descriptor.Kind == DescriptorKind.ImplementationRow && field is not (20 or 21 or 34))
        {
            throw new OdbcException("HY016", "An implementation row descriptor cannot be modified.");
        }
    }

    public static void Set(Descriptor descriptor, short number, short field, nint value, string? text)
    {
        CheckWritable(descriptor, field);
        switch (field)
        {
            case 20: descriptor.ArraySize = value > 0 ? (nuint)value : throw new OdbcException("HY024", "SQL_DESC_ARRAY_SIZE must be at least 1."); return;
            case 21: descriptor.ArrayStatusPtr = value; return;
            case 24: descriptor.BindOffsetPtr = value; return;
            case 25: descriptor.BindType = (nuint)value; return;
            case 34: descriptor.RowsProcessedPtr = value; return;
            case 1001: descriptor.SetCount((int)value); return;
            case 1099: throw new OdbcException("HY091", "SQL_DESC_ALLOC_TYPE is read-only.");
        }

        var record = descriptor.Record(number);
        switch (field)
        {
            case 1002:
                if (value is 9 or 10)
                {
                    record.Type = (short)value;
                }
                else
                {
                    record.SetConciseType((short)value);
                }

                break;
            case 2: record.SetConciseType((short)value); break;
            case 1007:
                record.DatetimeIntervalCode = (short)value;
                if (record.Type == 9)
                {
                    record.ConciseType = (short)(90 + value);
                }

                break;
            case 1013: record.OctetLength = value; break;
            case 1003: record.Length = (nuint)value; break;
            case 1005: record.Precision = (short)value; break;
            case 1006: record.Scale = (short)value; break;
            case 1010: record.DataPtr = value; break;
            case 1009: record.IndicatorPtr = value; break;
            case 1004: record.OctetLengthPtr = value; break;
            case 33: record.ParameterType = (short)value; break;
            case 1008: record.Nullable = (short)value; break;
            case 1011: record.Name = text ?? ""; break;
            case 1012: record.Unnamed = (short)value; break;
            default: throw new OdbcException("HY091", $"Field {field} cannot be set on a descriptor.");
        }
    }
}
