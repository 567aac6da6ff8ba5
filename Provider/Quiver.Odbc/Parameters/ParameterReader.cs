using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using Quiver.Data;
using Quiver.Odbc.Native;

namespace Quiver.Odbc.Parameters;

/// <summary>
/// Reads a bound parameter's value from the application's buffer (its C type, APD) and gives it the .NET type of its
/// SQL type (IPD), so that the server binds it natively as that type: a SQL_C_CHAR "42" bound as SQL_INTEGER goes as
/// INTEGER 42.
/// </summary>
internal static unsafe class ParameterReader
{
    public static QuiverParameter Read(int number, DescriptorRecord application, DescriptorRecord implementation, Descriptor apd, nuint row, byte[]? dataAtExecution)
    {
        var sqlType = implementation.ConciseType;
        var cType = application.ConciseType == CType.Default ? DefaultCType(sqlType) : application.ConciseType;
        var parameter = new QuiverParameter { ParameterName = "" };
        object? value;
        if (dataAtExecution is not null)
        {
            value = cType switch
            {
                CType.WChar => Encoding.Unicode.GetString(dataAtExecution),
                CType.Char => Encoding.UTF8.GetString(dataAtExecution),
                _ => dataAtExecution,
            };
        }
        else
        {
            var indicatorPointer = (nint*)apd.Element(application.IndicatorPtr, sizeof(nint), row);
            var lengthPointer = (nint*)apd.Element(application.OctetLengthPtr, sizeof(nint), row);
            if (indicatorPointer is not null && *indicatorPointer == SqlLength.NullData)
            {
                parameter.Value = DBNull.Value;
                parameter.QuiverDbType = QuiverDbTypeOf(sqlType);
                return parameter;
            }

            var data = (byte*)apd.Element(application.DataPtr, CTypes.ElementSize(cType, application.OctetLength), row);
            if (data is null)
            {
                throw new OdbcException("HY009", $"Parameter {number} has no data buffer and is not NULL.");
            }

            var length = lengthPointer is null ? SqlLength.Nts : *lengthPointer;
            value = ReadC(number, cType, data, length, application.OctetLength);
        }

        parameter.Value = ToSqlType(number, value, sqlType, implementation);
        parameter.QuiverDbType = parameter.Value is byte ? QuiverDbType.UTinyInt : QuiverDbTypeOf(sqlType);
        return parameter;
    }

    private static object ReadC(int number, short cType, byte* data, nint length, nint bufferLength)
    {
        switch (cType)
        {
            case CType.Char:
                return length == SqlLength.Nts ? Marshal.PtrToStringUTF8((nint)data) ?? "" : Encoding.UTF8.GetString(data, checked((int)Checked(number, length)));
            case CType.WChar:
                return length == SqlLength.Nts ? new string((char*)data) : new string((char*)data, 0, checked((int)Checked(number, length) / 2));
            case CType.Binary:
                var size = length == SqlLength.Nts ? bufferLength : Checked(number, length);
                return new ReadOnlySpan<byte>(data, checked((int)size)).ToArray();
            case CType.STinyInt or CType.TinyInt:
                return (long)*(sbyte*)data;
            case CType.UTinyInt:
                return (long)*data;
            case CType.Bit:
                return *data != 0;
            case CType.SShort or CType.Short:
                return (long)*(short*)data;
            case CType.UShort:
                return (long)*(ushort*)data;
            case CType.SLong or CType.Long:
                return (long)*(int*)data;
            case CType.ULong:
                return (long)*(uint*)data;
            case CType.SBigInt:
                return *(long*)data;
            case CType.UBigInt:
                return *(ulong*)data;
            case CType.Float:
                return (double)*(float*)data;
            case CType.Double:
                return *(double*)data;
            case CType.Numeric:
                var numeric = (SqlNumeric*)data;
                var magnitude = new BigInteger(new ReadOnlySpan<byte>(numeric->Value, 16), isUnsigned: true, isBigEndian: false);
                var unscaled = numeric->Sign == 0 ? -magnitude : magnitude;
                return numeric->Scale >= 0
                    ? decimal.Parse(Results.ValueText.Decimal((Int128)unscaled, numeric->Scale), CultureInfo.InvariantCulture)
                    : (decimal)(unscaled * BigInteger.Pow(10, -numeric->Scale));
            case CType.TypeDate or CType.Date:
                var date = (SqlDate*)data;
                return Valid(number, () => new DateOnly(date->Year, date->Month, date->Day));
            case CType.TypeTime or CType.Time:
                var time = (SqlTime*)data;
                return Valid(number, () => new TimeOnly(time->Hour, time->Minute, time->Second));
            case CType.TypeTimestamp or CType.Timestamp:
                var stamp = (SqlTimestamp*)data;
                return Valid(number, () => new DateTime(stamp->Year, stamp->Month, stamp->Day, stamp->Hour, stamp->Minute, stamp->Second, DateTimeKind.Unspecified)
                    .AddTicks(stamp->Fraction / 100));
            case CType.Guid:
                var guid = (SqlGuid*)data;
                Span<byte> bytes = stackalloc byte[16];
                BinaryPrimitives.WriteUInt32BigEndian(bytes, guid->Data1);
                BinaryPrimitives.WriteUInt16BigEndian(bytes[4..], guid->Data2);
                BinaryPrimitives.WriteUInt16BigEndian(bytes[6..], guid->Data3);
                new ReadOnlySpan<byte>(guid->Data4, 8).CopyTo(bytes[8..]);
                return new Guid(bytes, bigEndian: true);
            default:
                throw new OdbcException("HY003", $"Parameter {number} has C type {cType}, which this driver does not read (docs/odbc.md lists the C types).");
        }
    }

    private static nint Checked(int number, nint length)
        => length < 0 ? throw new OdbcException("HY090", $"Parameter {number} has length {length}, which is neither a length, SQL_NTS nor SQL_NULL_DATA.") : length;

    private static T Valid<T>(int number, Func<T> make)
    {
        try
        {
            return make();
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new OdbcException("22007", $"Parameter {number} is not a valid date or time.");
        }
    }

    /// <summary>The value as the .NET type of the SQL type the parameter was bound as.</summary>
    private static object ToSqlType(int number, object value, short sqlType, DescriptorRecord implementation)
    {
        try
        {
            return sqlType switch
            {
                SqlType.Bit => value is string s ? s.Trim() is "1" or "true" or "TRUE" or "True" : Convert.ToBoolean(value, CultureInfo.InvariantCulture),
                // SQL_TINYINT does not say whether it is signed: a value of 128 to 255 goes as UTINYINT.
                SqlType.TinyInt => TinyInt(Convert.ToInt16(Number(value), CultureInfo.InvariantCulture)),
                SqlType.SmallInt => Convert.ToInt16(Number(value), CultureInfo.InvariantCulture),
                SqlType.Integer => Convert.ToInt32(Number(value), CultureInfo.InvariantCulture),
                SqlType.BigInt => value is ulong u ? checked((long)u) : Convert.ToInt64(Number(value), CultureInfo.InvariantCulture),
                SqlType.Real => Convert.ToSingle(Number(value), CultureInfo.InvariantCulture),
                SqlType.Float or SqlType.Double => Convert.ToDouble(Number(value), CultureInfo.InvariantCulture),
                SqlType.Decimal or SqlType.Numeric => Convert.ToDecimal(Number(value), CultureInfo.InvariantCulture),
                SqlType.Char or SqlType.VarChar or SqlType.LongVarChar or SqlType.WChar or SqlType.WVarChar or SqlType.WLongVarChar => Text(value),
                SqlType.Binary or SqlType.VarBinary or SqlType.LongVarBinary => value is byte[] bytes ? bytes : Encoding.UTF8.GetBytes(Text(value)),
                SqlType.TypeDate or SqlType.Date => value switch
                {
                    DateOnly d => d,
                    DateTime t => DateOnly.FromDateTime(t),
                    string s => DateOnly.Parse(s.Trim(), CultureInfo.InvariantCulture),
                    _ => throw Unconvertible(number, value, sqlType),
                },
                SqlType.TypeTime or SqlType.Time => value switch
                {
                    TimeOnly t => t,
                    DateTime t => TimeOnly.FromDateTime(t),
                    string s => TimeOnly.Parse(s.Trim(), CultureInfo.InvariantCulture),
                    _ => throw Unconvertible(number, value, sqlType),
                },
                SqlType.TypeTimestamp or SqlType.Timestamp => value switch
                {
                    DateTime t => t,
                    DateOnly d => d.ToDateTime(TimeOnly.MinValue),
                    string s => DateTime.Parse(s.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None),
                    _ => throw Unconvertible(number, value, sqlType),
                },
                SqlType.Guid => value switch
                {
                    Guid g => g,
                    string s => Guid.Parse(s.Trim()),
                    byte[] { Length: 16 } b => new Guid(b, bigEndian: true),
                    _ => throw Unconvertible(number, value, sqlType),
                },
                _ => throw new OdbcException("HY004", $"Parameter {number} is bound as SQL type {sqlType}, which this driver does not send (docs/odbc.md lists the SQL types)."),
            };
        }
        catch (FormatException)
        {
            throw new OdbcException("22018", $"Parameter {number}: '{Text(value)}' is not a valid value of SQL type {sqlType}.");
        }
        catch (OverflowException)
        {
            throw new OdbcException("22003", $"Parameter {number}: {Text(value)} is out of the range of SQL type {sqlType}.");
        }
        catch (InvalidCastException)
        {
            throw Unconvertible(number, value, sqlType);
        }
    }

    private static object TinyInt(short value) => value is > sbyte.MaxValue and <= byte.MaxValue ? (byte)value : checked((sbyte)value);

    private static object Number(object value) => value is string s ? decimal.Parse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture) : value is bool b ? (b ? 1 : 0) : value;

    private static string Text(object value) => value switch
    {
        string s => s,
        bool b => b ? "1" : "0",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        byte[] b => Convert.ToHexString(b),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static OdbcException Unconvertible(int number, object value, short sqlType)
        => new("07006", $"Parameter {number}: a {value.GetType().Name} value cannot be sent as SQL type {sqlType}.");

    public static short DefaultCType(short sqlType) => sqlType switch
    {
        SqlType.Bit => CType.Bit,
        SqlType.TinyInt => CType.STinyInt,
        SqlType.SmallInt => CType.SShort,
        SqlType.Integer => CType.SLong,
        SqlType.BigInt => CType.SBigInt,
        SqlType.Real => CType.Float,
        SqlType.Float or SqlType.Double => CType.Double,
        SqlType.TypeDate => CType.TypeDate,
        SqlType.TypeTime => CType.TypeTime,
        SqlType.TypeTimestamp => CType.TypeTimestamp,
        SqlType.Binary or SqlType.VarBinary or SqlType.LongVarBinary => CType.Binary,
        SqlType.Guid => CType.Guid,
        SqlType.WChar or SqlType.WVarChar or SqlType.WLongVarChar => CType.WChar,
        _ => CType.Char,
    };

    private static QuiverDbType QuiverDbTypeOf(short sqlType) => sqlType switch
    {
        SqlType.Bit => QuiverDbType.Boolean,
        SqlType.TinyInt => QuiverDbType.TinyInt,
        SqlType.SmallInt => QuiverDbType.SmallInt,
        SqlType.Integer => QuiverDbType.Integer,
        SqlType.BigInt => QuiverDbType.BigInt,
        SqlType.Real => QuiverDbType.Float,
        SqlType.Float or SqlType.Double => QuiverDbType.Double,
        SqlType.Decimal or SqlType.Numeric => QuiverDbType.Decimal,
        SqlType.Binary or SqlType.VarBinary or SqlType.LongVarBinary => QuiverDbType.Blob,
        SqlType.TypeDate or SqlType.Date => QuiverDbType.Date,
        SqlType.TypeTime or SqlType.Time => QuiverDbType.Time,
        SqlType.TypeTimestamp or SqlType.Timestamp => QuiverDbType.Timestamp,
        SqlType.Guid => QuiverDbType.Uuid,
        _ => QuiverDbType.Varchar,
    };
}
