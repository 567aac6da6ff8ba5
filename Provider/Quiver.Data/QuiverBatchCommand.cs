using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Quiver.Data;

/// <summary>One statement of a <see cref="QuiverBatch"/>, with its own parameters and rows-affected count.</summary>
public sealed class QuiverBatchCommand : DbBatchCommand
{
    private string _commandText = "";

    /// <summary>An empty batch command.</summary>
    public QuiverBatchCommand()
    {
    }

    /// <summary>A batch command with text.</summary>
    public QuiverBatchCommand(string commandText)
    {
        _commandText = commandText;
    }

    /// <inheritdoc/>
    [AllowNull]
    public override string CommandText
    {
        get => _commandText;
        set => _commandText = value ?? "";
    }

    /// <inheritdoc/>
    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new NotSupportedException($"Quiver runs SQL text only; CommandType.{value} is not supported.");
            }
        }
    }

    /// <summary>Rows changed by this command (-1 for statements that change none, such as SELECT), after the batch ran.</summary>
    public override int RecordsAffected => (int)Math.Min(Affected, int.MaxValue);

    /// <summary>The command's parameters.</summary>
    public new QuiverParameterCollection Parameters { get; } = new();

    /// <inheritdoc/>
    public override bool CanCreateParameter => true;

    /// <inheritdoc/>
    protected override DbParameterCollection DbParameterCollection => Parameters;

    internal long Affected { get; set; } = -1;

    /// <inheritdoc/>
    public override DbParameter CreateParameter() => new QuiverParameter();
}
