using System.Data.Common;
using System.Globalization;
using System.Numerics;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.Json;
using Quiver.Data;

namespace Quiver.EntityFrameworkCore.Storage.Internal.Mapping;

// DuckDB's literal spellings where they differ from EF's defaults. Each mapping keeps EF's value handling and changes only
// the SQL text it writes; the reader methods EF picks (GetFieldValue<T> for most) are served by QuiverDataReader.

/// <summary>BOOLEAN, written as TRUE/FALSE.</summary>
public sealed class QuiverBoolTypeMapping : BoolTypeMapping
{
    /// <summary>BOOLEAN.</summary>
    public QuiverBoolTypeMapping()
        : base("BOOLEAN")
    {
    }

    private QuiverBoolTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    /// <inheritdoc/>
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new QuiverBoolTypeMapping(parameters);

    /// <inheritdoc/>
    protected override string GenerateNonNullSqlLiteral(object value) => (bool)value ? "TRUE" : "FALSE";
}

/// <summary>DOUBLE, with NaN and the infinities written as DuckDB's text casts.</summary>
public sealed class QuiverDoubleTypeMapping : DoubleTypeMapping
{
    /// <summary>DOUBLE.</summary>
    public QuiverDoubleTypeMapping()
        : base("DOUBLE")
    {
    }

    private QuiverDoubleTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    /// <inheritdoc/>
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new QuiverDoubleTypeMapping(parameters);

    /// <inheritdoc/>
    protected override string GenerateNonNullSqlLiteral(object value)
    {
        var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        return double.IsFinite(number)
            ? "CAST(" + number.ToString("R", CultureInfo.InvariantCulture) + " AS DOUBLE)"
            : "'" + SpecialName(number) + "'::DOUBLE";
    }

    internal static string SpecialName(double number) => double.IsNaN(number) ? "NaN" : number > 0 ? "Infinity" : "-Infinity";
}

/// <summary>FLOAT (32-bit), with NaN and the infinities written as DuckDB's text casts.</summary>
public sealed class QuiverFloatTypeMapping : FloatTypeMapping
{
    /// <summary>FLOAT.</summary>
    public QuiverFloatTypeMapping()
        : base("FLOAT")
    {
    }

    private QuiverFloatTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    /// <inheritdoc/>
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new QuiverFloatTypeMapping(parameters);

    /// <inheritdoc/>
    protected override string GenerateNonNullSqlLiteral(object value)
    {
        var number = Convert.ToSingle(value, CultureInfo.InvariantCulture);
        return float.IsFinite(number)
            ? "CAST(" + number.ToString("R", CultureInfo.InvariantCulture) + " AS FLOAT)"
            : "'" + QuiverDoubleTypeMapping.SpecialName(number) + "'::FLOAT";
    }
}

/// <summary>BLOB, written as DuckDB's escaped string literal (<c>'\xAB\x01'::BLOB</c>).</summary>
public sealed class QuiverByteArrayTypeMapping : ByteArrayTypeMapping
{
    /// <summary>BLOB.</summary>
    public QuiverByteArrayTypeMapping()
        : base("BLOB", System.Data.DbType.Binary)
    {
    }

    private QuiverByteArrayTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    /// <inheritdoc/>
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new QuiverByteArrayTypeMapping(parameters);

    /// <inheritdoc/>
    protected override string GenerateNonNullSqlLiteral(object value)
    {
        var bytes = (byte[])value;
        var text = new StringBuilder(bytes.Length * 4 + 10).Append('\'');
        foreach (var b in bytes)
        {
            text.Append("\\x").Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return text.Append("'::BLOB").ToString();
    }
}

/// <summary>UUID.</summary>
public sealed class QuiverGuidTypeMapping : GuidTypeMapping
{
    /// <summary>UUID.</summary>
    public QuiverGuidTypeMapping()
        : base("UUID", System.Data.DbType.Guid)
    {
    }

    private QuiverGuidTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    /// <inheritdoc/>
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new QuiverGuidTypeMapping(parameters);

    /// <inheritdoc/>
    protected override string GenerateNonNullSqlLiteral(object value) => "'" + (Guid)value + "'::UUID";
}

/// <summary>HUGEINT for <see cref="BigInteger"/> (the server sends it as DECIMAL(38,0), which reads as BigInteger).</summary>
public sealed class QuiverBigIntegerTypeMapping : RelationalTypeMapping
{
    /// <summary>HUGEINT.</summary>
    public QuiverBigIntegerTypeMapping()
        : base(new RelationalTypeMappingParameters(new CoreTypeMappingParameters(typeof(BigInteger), jsonValueReaderWriter: QuiverJsonBigIntegerReaderWriter.Instance), "HUGEINT"))
    {
    }

    private QuiverBigIntegerTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    /// <inheritdoc/>
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new QuiverBigIntegerTypeMapping(parameters);

    /// <inheritdoc/>
    protected override string GenerateNonNullSqlLiteral(object value)
        => "CAST(" + ((BigInteger)value).ToString(CultureInfo.InvariantCulture) + " AS HUGEINT)";
}

/// <summary>
/// TIMESTAMP for <see cref="DateTime"/>: the wall-clock value as it is, whatever its Kind (parameters are sent as
/// TIMESTAMP explicitly, because Quiver.Data would send a Kind Utc value as TIMESTAMP WITH TIME ZONE).
/// </summary>
public sealed class QuiverTimestampTypeMapping : DateTimeTypeMapping
{
    /// <summary>TIMESTAMP.</summary>
    public QuiverTimestampTypeMapping()
        : base("TIMESTAMP", System.Data.DbType.DateTime2)
    {
    }

    private QuiverTimestampTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    /// <inheritdoc/>
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new QuiverTimestampTypeMapping(parameters);

    /// <inheritdoc/>
    protected override void ConfigureParameter(DbParameter parameter)
    {
        base.ConfigureParameter(parameter);
        if (parameter is QuiverParameter quiver)
        {
            quiver.QuiverDbType = QuiverDbType.Timestamp;
        }
    }

    /// <inheritdoc/>
    protected override string GenerateNonNullSqlLiteral(object value)
        => "TIMESTAMP '" + ((DateTime)value).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'";
}

/// <summary>TIMESTAMP WITH TIME ZONE for <see cref="DateTimeOffset"/> (an instant: values read back with offset 0).</summary>
public sealed class QuiverTimestampTzTypeMapping : DateTimeOffsetTypeMapping
{
    /// <summary>TIMESTAMPTZ.</summary>
    public QuiverTimestampTzTypeMapping()
        : base("TIMESTAMPTZ", System.Data.DbType.DateTimeOffset)
    {
    }

    private QuiverTimestampTzTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    /// <inheritdoc/>
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new QuiverTimestampTzTypeMapping(parameters);

    /// <inheritdoc/>
    protected override string GenerateNonNullSqlLiteral(object value)
        => "TIMESTAMPTZ '" + ((DateTimeOffset)value).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00'";
}

/// <summary>DATE for <see cref="DateOnly"/>.</summary>
public sealed class QuiverDateTypeMapping : DateOnlyTypeMapping
{
    /// <summary>DATE.</summary>
    public QuiverDateTypeMapping()
        : base("DATE", System.Data.DbType.Date)
    {
    }

    private QuiverDateTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    /// <inheritdoc/>
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new QuiverDateTypeMapping(parameters);

    /// <inheritdoc/>
    protected override string GenerateNonNullSqlLiteral(object value)
        => "DATE '" + ((DateOnly)value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'";
}

/// <summary>TIME for <see cref="TimeOnly"/>, to the microsecond.</summary>
public sealed class QuiverTimeTypeMapping : TimeOnlyTypeMapping
{
    /// <summary>TIME.</summary>
    public QuiverTimeTypeMapping()
        : base("TIME", System.Data.DbType.Time)
    {
    }

    private QuiverTimeTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    /// <inheritdoc/>
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new QuiverTimeTypeMapping(parameters);

    /// <inheritdoc/>
    protected override string GenerateNonNullSqlLiteral(object value)
        => "TIME '" + ((TimeOnly)value).ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "'";
}

/// <summary>INTERVAL for <see cref="TimeSpan"/>, to the microsecond.</summary>
public sealed class QuiverIntervalTypeMapping : TimeSpanTypeMapping
{
    /// <summary>INTERVAL.</summary>
    public QuiverIntervalTypeMapping()
        : base("INTERVAL", dbType: null)
    {
    }

    private QuiverIntervalTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    /// <inheritdoc/>
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new QuiverIntervalTypeMapping(parameters);

    /// <inheritdoc/>
    protected override void ConfigureParameter(DbParameter parameter)
    {
        // EF's TimeSpan mapping says DbType.Time, which Quiver.Data would send as a time of day.
        base.ConfigureParameter(parameter);
        if (parameter is QuiverParameter quiver)
        {
            quiver.QuiverDbType = QuiverDbType.Interval;
        }
    }

    /// <inheritdoc/>
    protected override string GenerateNonNullSqlLiteral(object value)
        => "to_microseconds(CAST(" + (((TimeSpan)value).Ticks / TimeSpan.TicksPerMicrosecond).ToString(CultureInfo.InvariantCulture) + " AS BIGINT))";
}

/// <summary>
/// DECIMAL(p,s), its precision and scale taken from the model; a decimal without them is DECIMAL(38,10) (DuckDB's
/// widest, with ten fractional digits).
/// </summary>
public sealed class QuiverDecimalTypeMapping : DecimalTypeMapping
{
    private QuiverDecimalTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    /// <summary>DECIMAL, or DECIMAL(precision,scale) when both are given.</summary>
    public static QuiverDecimalTypeMapping Create(int? precision, int? scale)
        => new(new RelationalTypeMappingParameters(
            new CoreTypeMappingParameters(typeof(decimal), jsonValueReaderWriter: JsonDecimalReaderWriter.Instance),
            precision is null ? "DECIMAL" : $"DECIMAL({precision},{scale ?? 0})",
            StoreTypePostfix.PrecisionAndScale,
            System.Data.DbType.Decimal,
            precision: precision,
            scale: scale));

    /// <inheritdoc/>
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new QuiverDecimalTypeMapping(parameters);
}

/// <summary>VARCHAR, or VARCHAR(n) when the model gives a maximum length (DuckDB keeps it as documentation: it does not enforce it).</summary>
public sealed class QuiverVarcharTypeMapping : StringTypeMapping
{
    private QuiverVarcharTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters)
    {
    }

    /// <summary>VARCHAR; with <paramref name="sized"/>, one that takes the model's maximum length.</summary>
    public static QuiverVarcharTypeMapping Create(bool sized)
        => new(new RelationalTypeMappingParameters(
            new CoreTypeMappingParameters(typeof(string), jsonValueReaderWriter: JsonStringReaderWriter.Instance),
            "VARCHAR",
            sized ? StoreTypePostfix.Size : StoreTypePostfix.None,
            System.Data.DbType.String,
            unicode: true));

    /// <inheritdoc/>
    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new QuiverVarcharTypeMapping(parameters);
}
