using System.Data;
using System.Data.Common;

namespace Quiver.Data;

/// <summary>
/// Generates the INSERT, UPDATE and DELETE commands of a <see cref="QuiverDataAdapter"/> from its SELECT. The SELECT
/// must read one table with a primary key or a single-column unique constraint (that is how rows are found again);
/// identifiers are quoted as DuckDB quotes them ("name", with " doubled).
/// </summary>
public sealed class QuiverCommandBuilder : DbCommandBuilder
{
    /// <summary>A builder not yet attached to an adapter.</summary>
    public QuiverCommandBuilder()
    {
        QuotePrefix = "\"";
        QuoteSuffix = "\"";
    }

    /// <summary>A builder that generates <paramref name="adapter"/>'s commands.</summary>
    public QuiverCommandBuilder(QuiverDataAdapter adapter)
        : this() => DataAdapter = adapter;

    /// <summary>The adapter whose commands are generated.</summary>
    public new QuiverDataAdapter? DataAdapter
    {
        get => (QuiverDataAdapter?)base.DataAdapter;
        set => base.DataAdapter = value;
    }

    /// <inheritdoc/>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string QuotePrefix
    {
        get => base.QuotePrefix;
        set => base.QuotePrefix = value is "\"" or "" or null ? value : throw new ArgumentException("DuckDB quotes identifiers with \" only.", nameof(value));
    }

    /// <inheritdoc/>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string QuoteSuffix
    {
        get => base.QuoteSuffix;
        set => base.QuoteSuffix = value is "\"" or "" or null ? value : throw new ArgumentException("DuckDB quotes identifiers with \" only.", nameof(value));
    }

    /// <summary>The generated INSERT command.</summary>
    public new QuiverCommand GetInsertCommand() => (QuiverCommand)base.GetInsertCommand();

    /// <summary>The generated INSERT command; with <paramref name="useColumnsForParameterNames"/>, parameters are named after columns.</summary>
    public new QuiverCommand GetInsertCommand(bool useColumnsForParameterNames) => (QuiverCommand)base.GetInsertCommand(useColumnsForParameterNames);

    /// <summary>The generated UPDATE command.</summary>
    public new QuiverCommand GetUpdateCommand() => (QuiverCommand)base.GetUpdateCommand();

    /// <summary>The generated UPDATE command; with <paramref name="useColumnsForParameterNames"/>, parameters are named after columns.</summary>
    public new QuiverCommand GetUpdateCommand(bool useColumnsForParameterNames) => (QuiverCommand)base.GetUpdateCommand(useColumnsForParameterNames);

    /// <summary>The generated DELETE command.</summary>
    public new QuiverCommand GetDeleteCommand() => (QuiverCommand)base.GetDeleteCommand();

    /// <summary>The generated DELETE command; with <paramref name="useColumnsForParameterNames"/>, parameters are named after columns.</summary>
    public new QuiverCommand GetDeleteCommand(bool useColumnsForParameterNames) => (QuiverCommand)base.GetDeleteCommand(useColumnsForParameterNames);

    /// <summary><paramref name="unquotedIdentifier"/> in double quotes, with any double quote in it doubled.</summary>
    public override string QuoteIdentifier(string unquotedIdentifier)
    {
        ArgumentNullException.ThrowIfNull(unquotedIdentifier);
        return "\"" + unquotedIdentifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>The identifier inside <paramref name="quotedIdentifier"/>'s double quotes; an identifier without quotes is returned as it is.</summary>
    public override string UnquoteIdentifier(string quotedIdentifier)
    {
        ArgumentNullException.ThrowIfNull(quotedIdentifier);
        return quotedIdentifier.Length >= 2 && quotedIdentifier[0] == '"' && quotedIdentifier[^1] == '"'
            ? quotedIdentifier[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal)
            : quotedIdentifier;
    }

    /// <summary>Types a generated parameter as its column when the column's type is a plain scalar; others are typed from the value.</summary>
    protected override void ApplyParameterInfo(DbParameter parameter, DataRow row, StatementType statementType, bool whereClause)
    {
        if (row[SchemaTableColumn.ProviderType] is int providerType && Enum.IsDefined((QuiverDbType)providerType)
            && (QuiverDbType)providerType is not (QuiverDbType.Decimal or QuiverDbType.Enum or QuiverDbType.List or QuiverDbType.Array
                or QuiverDbType.Struct or QuiverDbType.Map or QuiverDbType.Null))
        {
            ((QuiverParameter)parameter).QuiverDbType = (QuiverDbType)providerType;
        }
    }

    /// <inheritdoc/>
    protected override string GetParameterName(int parameterOrdinal) => "p" + parameterOrdinal.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    protected override string GetParameterName(string parameterName) => parameterName;

    /// <inheritdoc/>
    protected override string GetParameterPlaceholder(int parameterOrdinal) => "$" + GetParameterName(parameterOrdinal);

    /// <inheritdoc/>
    protected override void SetRowUpdatingHandler(DbDataAdapter adapter)
    {
        if (adapter is not QuiverDataAdapter quiver)
        {
            throw new InvalidOperationException("QuiverCommandBuilder works with a QuiverDataAdapter only.");
        }

        if (ReferenceEquals(adapter, base.DataAdapter))
        {
            quiver.RowUpdating -= OnRowUpdating;
        }
        else
        {
            quiver.RowUpdating += OnRowUpdating;
        }
    }

    private void OnRowUpdating(object? sender, QuiverRowUpdatingEventArgs args) => RowUpdatingHandler(args);
}
