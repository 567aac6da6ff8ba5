using System.Globalization;
using System.Linq.Expressions;
using System.Numerics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.Json;

namespace Quiver.EntityFrameworkCore.Storage.Internal.Mapping;

/// <summary>
/// A <see cref="BigInteger"/> inside a JSON document, as a string of its digits: EF has no reader/writer for it, and
/// DuckDB reads JSON numbers as doubles when a query extracts them, so a string is what keeps every digit in queries too.
/// A number written by another program is read as well.
/// </summary>
public sealed class QuiverJsonBigIntegerReaderWriter : JsonValueReaderWriter<BigInteger>
{
    /// <summary>The instance.</summary>
    public static QuiverJsonBigIntegerReaderWriter Instance { get; } = new();

    private QuiverJsonBigIntegerReaderWriter()
    {
    }

    /// <inheritdoc/>
    public override Expression ConstructorExpression => Expression.Property(null, typeof(QuiverJsonBigIntegerReaderWriter).GetProperty(nameof(Instance))!);

    /// <inheritdoc/>
    public override BigInteger FromJsonTyped(ref Utf8JsonReaderManager manager, object? existingObject = null)
    {
        var reader = manager.CurrentReader;
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
        return BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public override void ToJsonTyped(Utf8JsonWriter writer, BigInteger value)
        => writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}
