using System.Data;
using System.Data.Common;

namespace Quiver.Data;

/// <summary>
/// Fills DataSets and DataTables from a Quiver query and writes their changes back with <see cref="InsertCommand"/>,
/// <see cref="UpdateCommand"/> and <see cref="DeleteCommand"/> (which <see cref="QuiverCommandBuilder"/> can generate).
/// Rows are updated one command at a time (<see cref="DbDataAdapter.UpdateBatchSize"/> stays 1).
/// </summary>
public sealed class QuiverDataAdapter : DbDataAdapter
{
    /// <summary>An adapter without commands.</summary>
    public QuiverDataAdapter()
    {
    }

    /// <summary>An adapter that fills from <paramref name="selectCommand"/>.</summary>
    public QuiverDataAdapter(QuiverCommand selectCommand) => SelectCommand = selectCommand;

    /// <summary>An adapter that fills from <paramref name="selectCommandText"/> run on <paramref name="selectConnection"/>.</summary>
    public QuiverDataAdapter(string selectCommandText, QuiverConnection selectConnection)
        : this(new QuiverCommand(selectCommandText, selectConnection))
    {
    }

    /// <summary>An adapter that fills from <paramref name="selectCommandText"/> on a new connection to <paramref name="selectConnectionString"/>.</summary>
    public QuiverDataAdapter(string selectCommandText, string selectConnectionString)
        : this(new QuiverCommand(selectCommandText, new QuiverConnection(selectConnectionString)))
    {
    }

    /// <summary>Raised before each row's command runs in <see cref="DbDataAdapter.Update(DataSet)"/>.</summary>
    public event EventHandler<QuiverRowUpdatingEventArgs>? RowUpdating;

    /// <summary>Raised after each row's command has run in <see cref="DbDataAdapter.Update(DataSet)"/>.</summary>
    public event EventHandler<QuiverRowUpdatedEventArgs>? RowUpdated;

    /// <summary>The query that fills.</summary>
    public new QuiverCommand? SelectCommand
    {
        get => (QuiverCommand?)base.SelectCommand;
        set => base.SelectCommand = value;
    }

    /// <summary>The command that inserts an added row.</summary>
    public new QuiverCommand? InsertCommand
    {
        get => (QuiverCommand?)base.InsertCommand;
        set => base.InsertCommand = value;
    }

    /// <summary>The command that writes a modified row.</summary>
    public new QuiverCommand? UpdateCommand
    {
        get => (QuiverCommand?)base.UpdateCommand;
        set => base.UpdateCommand = value;
    }

    /// <summary>The command that deletes a deleted row.</summary>
    public new QuiverCommand? DeleteCommand
    {
        get => (QuiverCommand?)base.DeleteCommand;
        set => base.DeleteCommand = value;
    }

    /// <inheritdoc/>
    protected override RowUpdatingEventArgs CreateRowUpdatingEvent(DataRow dataRow, IDbCommand? command, StatementType statementType, DataTableMapping tableMapping)
        => new QuiverRowUpdatingEventArgs(dataRow, command, statementType, tableMapping);

    /// <inheritdoc/>
    protected override RowUpdatedEventArgs CreateRowUpdatedEvent(DataRow dataRow, IDbCommand? command, StatementType statementType, DataTableMapping tableMapping)
        => new QuiverRowUpdatedEventArgs(dataRow, command, statementType, tableMapping);

    /// <inheritdoc/>
    protected override void OnRowUpdating(RowUpdatingEventArgs value)
    {
        if (value is QuiverRowUpdatingEventArgs args)
        {
            RowUpdating?.Invoke(this, args);
        }
    }

    /// <inheritdoc/>
    protected override void OnRowUpdated(RowUpdatedEventArgs value)
    {
        if (value is QuiverRowUpdatedEventArgs args)
        {
            RowUpdated?.Invoke(this, args);
        }
    }
}

/// <summary>The row and command of <see cref="QuiverDataAdapter.RowUpdating"/>.</summary>
public sealed class QuiverRowUpdatingEventArgs(DataRow dataRow, IDbCommand? command, StatementType statementType, DataTableMapping tableMapping)
    : RowUpdatingEventArgs(dataRow, command, statementType, tableMapping)
{
    /// <summary>The command about to run.</summary>
    public new QuiverCommand? Command
    {
        get => (QuiverCommand?)base.Command;
        set => base.Command = value;
    }
}

/// <summary>The row, command and outcome of <see cref="QuiverDataAdapter.RowUpdated"/>.</summary>
public sealed class QuiverRowUpdatedEventArgs(DataRow dataRow, IDbCommand? command, StatementType statementType, DataTableMapping tableMapping)
    : RowUpdatedEventArgs(dataRow, command, statementType, tableMapping)
{
    /// <summary>The command that ran.</summary>
    public new QuiverCommand? Command => (QuiverCommand?)base.Command;
}
