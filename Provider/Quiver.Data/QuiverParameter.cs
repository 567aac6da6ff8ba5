using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Quiver.Data.Types;

namespace Quiver.Data;

/// <summary>
/// A command parameter. Its SQL type comes from <see cref="QuiverDbType"/>, else <see cref="DbType"/>, else the value's
/// .NET type (docs/type-mapping.md). Values are sent as typed Arrow values and bound natively by the server, never
/// spliced into SQL text.
/// </summary>
public sealed class QuiverParameter : DbParameter
{
    private string _sourceColumn = "";
    private string _name = "";
    private QuiverDbType _quiverDbType;
    private DbType? _dbType;

    /// <summary>An unnamed parameter with no value.</summary>
    public QuiverParameter()
    {
    }

    /// <summary>A parameter named <paramref name="parameterName"/> (with or without its @, $ or : prefix).</summary>
    public QuiverParameter(string? parameterName, object? value)
    {
        ParameterName = parameterName!;
        Value = value;
    }

    /// <summary>A parameter with an explicit SQL type.</summary>
    public QuiverParameter(string? parameterName, QuiverDbType type, object? value = null)
        : this(parameterName, value)
    {
        QuiverDbType = type;
    }

    /// <summary>The SQL type: set explicitly, or inferred from <see cref="DbType"/> or the value.</summary>
    public QuiverDbType QuiverDbType
    {
        get => _quiverDbType != QuiverDbType.Unknown ? _quiverDbType : ParameterTypes.Infer(this).Type;
        set
        {
            _quiverDbType = value;
            _dbType = null;
        }
    }

    /// <inheritdoc/>
    public override DbType DbType
    {
        // With no type set and no value to infer one from, String, as SqlClient, Npgsql and Microsoft.Data.Sqlite report.
        get => _dbType ?? (_quiverDbType != QuiverDbType.Unknown ? TypeMappings.Of(_quiverDbType).DbType
            : Value is null or DBNull ? DbType.String : ParameterTypes.DbTypeOf(ParameterTypes.Infer(this).Type));
        set
        {
            _dbType = value;
            _quiverDbType = ParameterTypes.FromDbType(value);
        }
    }

    /// <summary>The element type of a LIST parameter (inferred from the value when not set).</summary>
    public QuiverDbType ElementType { get; set; }

    /// <inheritdoc/>
    public override ParameterDirection Direction
    {
        get => ParameterDirection.Input;
        set
        {
            if (value != ParameterDirection.Input)
            {
                throw new NotSupportedException($"Quiver parameters are input only; {value} is not supported.");
            }
        }
    }

    /// <inheritdoc/>
    public override bool IsNullable { get; set; }

    /// <inheritdoc/>
    [AllowNull]
    public override string ParameterName
    {
        get => _name;
        set => _name = Normalize(value);
    }

    /// <inheritdoc/>
    public override int Size { get; set; }

    /// <inheritdoc/>
    [AllowNull]
    public override string SourceColumn
    {
        get => _sourceColumn;
        set => _sourceColumn = value ?? "";
    }

    /// <inheritdoc/>
    public override bool SourceColumnNullMapping { get; set; }

    /// <inheritdoc/>
    public override DataRowVersion SourceVersion { get; set; } = DataRowVersion.Current;

    /// <inheritdoc/>
    public override object? Value { get; set; }

    /// <summary>Whether the type was set explicitly (not inferred).</summary>
    internal bool HasExplicitType => _quiverDbType != QuiverDbType.Unknown;

    /// <inheritdoc/>
    public override void ResetDbType()
    {
        _quiverDbType = QuiverDbType.Unknown;
        _dbType = null;
    }

    internal static string Normalize(string? name)
        => string.IsNullOrEmpty(name) ? "" : name[0] is '@' or '$' or ':' ? name[1..] : name;
}
