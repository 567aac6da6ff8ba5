using System.Data.SqlTypes;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using Quiver.Arrow;

namespace Quiver.Data.Types;

/// <summary>
/// Reads one column of the current record batch. One reader per column is made when a result set starts and is
/// re-bound to each batch's array; typed getters read the Arrow buffers directly, so reading a value neither boxes
/// nor copies unless the caller asks for an object. A getter a column's type does not support throws
/// <see cref="InvalidCastException"/> naming the column's type and what it can be read as.
/// </summary>
internal abstract class ColumnReader
{
    protected ColumnReader(string name, TypeMapping mapping, string dataTypeName)
    {
        Name = name;
        Mapping = mapping;
        DataTypeName = dataTypeName;
    }

    public string Name { get; }

    public TypeMapping Mapping { get; }

    /// <summary>The column's SQL type as DuckDB spells it (DECIMAL(18,2), INTEGER[], ...).</summary>
    public string DataTypeName { get; }

    /// <summary>The type GetValue returns.</summary>
    [DynamicallyAccessedMembers(QuiverDataReader.FieldTypeMembers)]
    public virtual Type FieldType => Mapping.FieldType;

    protected ArrowArray Array { get; private set; } = null!;

    public virtual void Bind(ArrowArray array) => Array = array;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int row) => Array.IsNull(row);

    /// <summary>The value in its default .NET type (the caller has checked for NULL).</summary>
    public abstract object GetValue(int row);

    public virtual bool GetBoolean(int row) => throw Cannot(typeof(bool));

    public virtual sbyte GetSByte(int row) => throw Cannot(typeof(sbyte));

    public virtual byte GetByte(int row) => throw Cannot(typeof(byte));

    public virtual short GetInt16(int row) => throw Cannot(typeof(short));

    public virtual ushort GetUInt16(int row) => throw Cannot(typeof(ushort));

    public virtual int GetInt32(int row) => throw Cannot(typeof(int));

    public virtual uint GetUInt32(int row) => throw Cannot(typeof(uint));

    public virtual long GetInt64(int row) => throw Cannot(typeof(long));

    public virtual ulong GetUInt64(int row) => throw Cannot(typeof(ulong));

    public virtual float GetFloat(int row) => throw Cannot(typeof(float));

    public virtual double GetDouble(int row) => throw Cannot(typeof(double));

    public virtual decimal GetDecimal(int row) => throw Cannot(typeof(decimal));

    public virtual BigInteger GetBigInteger(int row) => throw Cannot(typeof(BigInteger));

    public virtual SqlDecimal GetSqlDecimal(int row) => throw Cannot(typeof(SqlDecimal));

    public virtual string GetString(int row) => throw Cannot(typeof(string));

    public virtual char GetChar(int row) => throw Cannot(typeof(char));

    /// <summary>The raw bytes of a BLOB, or the UTF-8 bytes of a string.</summary>
    public virtual ReadOnlySpan<byte> GetSpan(int row) => throw Cannot(typeof(byte[]));

    public virtual DateTime GetDateTime(int row) => throw Cannot(typeof(DateTime));

    public virtual DateTimeOffset GetDateTimeOffset(int row) => throw Cannot(typeof(DateTimeOffset));

    public virtual DateOnly GetDateOnly(int row) => throw Cannot(typeof(DateOnly));

    public virtual TimeOnly GetTimeOnly(int row) => throw Cannot(typeof(TimeOnly));

    public virtual TimeSpan GetTimeSpan(int row) => throw Cannot(typeof(TimeSpan));

    public virtual QuiverInterval GetInterval(int row) => throw Cannot(typeof(QuiverInterval));

    public virtual Guid GetGuid(int row) => throw Cannot(typeof(Guid));

    /// <summary>Reads into a type with no typed getter (arrays, lists, dictionaries); null when not supported.</summary>
    public virtual object? GetOther(int row, Type target) => null;

    /// <summary>The value as <typeparamref name="T"/>, without boxing for the types with a typed getter.</summary>
    public T Get<T>(int row)
    {
        if (typeof(T).IsValueType)
        {
            if (typeof(T) == typeof(bool)) { var v = GetBoolean(row); return Unsafe.As<bool, T>(ref v); }
            if (typeof(T) == typeof(int)) { var v = GetInt32(row); return Unsafe.As<int, T>(ref v); }
            if (typeof(T) == typeof(long)) { var v = GetInt64(row); return Unsafe.As<long, T>(ref v); }
            if (typeof(T) == typeof(double)) { var v = GetDouble(row); return Unsafe.As<double, T>(ref v); }
            if (typeof(T) == typeof(decimal)) { var v = GetDecimal(row); return Unsafe.As<decimal, T>(ref v); }
            if (typeof(T) == typeof(DateTime)) { var v = GetDateTime(row); return Unsafe.As<DateTime, T>(ref v); }
            if (typeof(T) == typeof(short)) { var v = GetInt16(row); return Unsafe.As<short, T>(ref v); }
            if (typeof(T) == typeof(sbyte)) { var v = GetSByte(row); return Unsafe.As<sbyte, T>(ref v); }
            if (typeof(T) == typeof(byte)) { var v = GetByte(row); return Unsafe.As<byte, T>(ref v); }
            if (typeof(T) == typeof(ushort)) { var v = GetUInt16(row); return Unsafe.As<ushort, T>(ref v); }
            if (typeof(T) == typeof(uint)) { var v = GetUInt32(row); return Unsafe.As<uint, T>(ref v); }
            if (typeof(T) == typeof(ulong)) { var v = GetUInt64(row); return Unsafe.As<ulong, T>(ref v); }
            if (typeof(T) == typeof(float)) { var v = GetFloat(row); return Unsafe.As<float, T>(ref v); }
            if (typeof(T) == typeof(char)) { var v = GetChar(row); return Unsafe.As<char, T>(ref v); }
            if (typeof(T) == typeof(Guid)) { var v = GetGuid(row); return Unsafe.As<Guid, T>(ref v); }
            if (typeof(T) == typeof(DateTimeOffset)) { var v = GetDateTimeOffset(row); return Unsafe.As<DateTimeOffset, T>(ref v); }
            if (typeof(T) == typeof(DateOnly)) { var v = GetDateOnly(row); return Unsafe.As<DateOnly, T>(ref v); }
            if (typeof(T) == typeof(TimeOnly)) { var v = GetTimeOnly(row); return Unsafe.As<TimeOnly, T>(ref v); }
            if (typeof(T) == typeof(TimeSpan)) { var v = GetTimeSpan(row); return Unsafe.As<TimeSpan, T>(ref v); }
            if (typeof(T) == typeof(QuiverInterval)) { var v = GetInterval(row); return Unsafe.As<QuiverInterval, T>(ref v); }
            if (typeof(T) == typeof(BigInteger)) { var v = GetBigInteger(row); return Unsafe.As<BigInteger, T>(ref v); }
            if (typeof(T) == typeof(SqlDecimal)) { var v = GetSqlDecimal(row); return Unsafe.As<SqlDecimal, T>(ref v); }
            if (typeof(T) == typeof(ReadOnlyMemory<byte>)) { ReadOnlyMemory<byte> v = GetSpan(row).ToArray(); return Unsafe.As<ReadOnlyMemory<byte>, T>(ref v); }
            if (Nullable.GetUnderlyingType(typeof(T)) is { } underlying)
            {
                return (T)GetAs(row, underlying);
            }
        }

        return (T)GetAs(row, typeof(T));
    }

    /// <summary>The value as <paramref name="target"/>, boxed (the slow path for reference and nested types).</summary>
    public object GetAs(int row, Type target)
    {
        if (target == typeof(object) || target == FieldType)
        {
            return GetValue(row);
        }

        if (target == typeof(string)) { return GetString(row); }
        if (target == typeof(byte[])) { return GetSpan(row).ToArray(); }
        if (target == typeof(char[])) { return GetString(row).ToCharArray(); }
        if (target == typeof(Stream)) { return new MemoryStream(GetSpan(row).ToArray(), writable: false); }
        if (target == typeof(TextReader)) { return new StringReader(GetString(row)); }
        if (target == typeof(bool)) { return GetBoolean(row); }
        if (target == typeof(sbyte)) { return GetSByte(row); }
        if (target == typeof(byte)) { return GetByte(row); }
        if (target == typeof(short)) { return GetInt16(row); }
        if (target == typeof(ushort)) { return GetUInt16(row); }
        if (target == typeof(int)) { return GetInt32(row); }
        if (target == typeof(uint)) { return GetUInt32(row); }
        if (target == typeof(long)) { return GetInt64(row); }
        if (target == typeof(ulong)) { return GetUInt64(row); }
        if (target == typeof(float)) { return GetFloat(row); }
        if (target == typeof(double)) { return GetDouble(row); }
        if (target == typeof(decimal)) { return GetDecimal(row); }
        if (target == typeof(char)) { return GetChar(row); }
        if (target == typeof(Guid)) { return GetGuid(row); }
        if (target == typeof(DateTime)) { return GetDateTime(row); }
        if (target == typeof(DateTimeOffset)) { return GetDateTimeOffset(row); }
        if (target == typeof(DateOnly)) { return GetDateOnly(row); }
        if (target == typeof(TimeOnly)) { return GetTimeOnly(row); }
        if (target == typeof(TimeSpan)) { return GetTimeSpan(row); }
        if (target == typeof(QuiverInterval)) { return GetInterval(row); }
        if (target == typeof(BigInteger)) { return GetBigInteger(row); }
        if (target == typeof(SqlDecimal)) { return GetSqlDecimal(row); }
        if (target == typeof(ReadOnlyMemory<byte>)) { return (ReadOnlyMemory<byte>)GetSpan(row).ToArray(); }
        return GetOther(row, target) ?? throw Cannot(target);
    }

    protected InvalidCastException Cannot(Type target)
    {
        var readable = new[] { Mapping.FieldType }.Concat(Mapping.AlsoReadableAs).Select(Describe);
        return new InvalidCastException(
            $"Column '{Name}' is {DataTypeName}, which cannot be read as {Describe(target)}; it reads as {string.Join(", ", readable)}.");
    }

    protected InvalidCastException DoesNotFit(Type target, object value, Exception? inner = null)
        => new($"Column '{Name}' ({DataTypeName}) holds {value}, which does not fit {Describe(target)}.", inner);

    internal static string Describe(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>"
        : type == typeof(Array) ? "T[]" : type.Name;
}
