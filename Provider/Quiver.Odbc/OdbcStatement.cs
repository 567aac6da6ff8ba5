using System.Data;
using Quiver.Data;
using Quiver.Odbc.Native;
using Quiver.Odbc.Parameters;
using Quiver.Odbc.Results;

namespace Quiver.Odbc;

/// <summary>
/// A statement handle: SQL text (prepared or direct), its four descriptors, the parameters bound to it, and the open
/// cursor of its current result set. Statements of a connection take turns on its session, as ODBC's single active
/// statement per connection asks.
/// </summary>
internal sealed unsafe partial class OdbcStatement : OdbcHandle
{
    private readonly object _gate = new();
    private QuiverCommand? _running;
    private QuiverDataReader? _reader;
    private string? _sql;
    private bool _prepared;
    private IReadOnlyList<ColumnInfo>? _preparedColumns;
    private int _getDataColumn;
    private long _getDataOffset;
    private PendingExecution? _pending;

    public OdbcStatement(OdbcConnection connection)
    {
        Connection = connection;
        ImplicitArd = new Descriptor(DescriptorKind.ApplicationRow, connection, true);
        ImplicitApd = new Descriptor(DescriptorKind.ApplicationParameter, connection, true);
        Ard = ImplicitArd;
        Apd = ImplicitApd;
        Ird = new Descriptor(DescriptorKind.ImplementationRow, connection, true);
        Ipd = new Descriptor(DescriptorKind.ImplementationParameter, connection, true);
        Ird.Owner = this;
        Ipd.Owner = this;
    }

    public OdbcConnection Connection { get; }

    public Descriptor ImplicitArd { get; }

    public Descriptor ImplicitApd { get; }

    public Descriptor Ard { get; set; }

    public Descriptor Apd { get; set; }

    public Descriptor Ird { get; }

    public Descriptor Ipd { get; }

    public ResultSet? Cursor { get; private set; }

    public long RowCount { get; private set; } = -1;

    public int QueryTimeout { get; set; }

    public long MaxRows { get; set; }

    /// <summary>The columns of the open cursor, or of the prepared statement before it runs.</summary>
    public IReadOnlyList<ColumnInfo> Columns => Cursor?.Columns ?? _preparedColumns ?? DescribePrepared();

    public void Prepare(string sql)
    {
        SetText(sql);
        using var command = NewCommand(_sql!);
        command.Prepare();
        _prepared = true;
    }

    public short ExecDirect(string sql)
    {
        SetText(sql);
        return Run();
    }

    /// <summary>A new statement text (escape sequences translated): what was prepared or described before is gone.</summary>
    private void SetText(string? sql)
    {
        CloseCursor(quiet: true);
        _sql = sql is null || NoScan ? sql : EscapeSequences.Translate(sql);
        _prepared = false;
        _preparedColumns = null;
        _parameters = null;
    }

    public short Execute()
    {
        if (_sql is null || !_prepared)
        {
            throw OdbcException.SequenceError("SQLExecute needs a statement prepared by SQLPrepare.");
        }

        if (Cursor is not null)
        {
            throw new OdbcException("24000", "Invalid cursor state: the statement has an open cursor (call SQLCloseCursor or SQLFreeStmt with SQL_CLOSE).");
        }

        return Run();
    }

    /// <summary>Runs the statement with its bound parameters: once, or once per row of a parameter array in one server call.</summary>
    private short Run()
    {
        var sql = _sql!;
        var sets = ParameterSetCount();
        var atExecution = DataAtExecution();
        if (atExecution.Count > 0)
        {
            if (sets != 1)
            {
                throw OdbcException.NotImplemented("Data-at-execution parameters are supported with SQL_ATTR_PARAMSET_SIZE 1 only.");
            }

            _pending = new PendingExecution(atExecution);
            return SqlReturn.NeedData;
        }

        return sets == 1 ? RunOnce(sql, null) : RunArray(sql, sets);
    }

    private short RunOnce(string sql, Dictionary<int, byte[]>? dataAtExecution)
    {
        var command = NewCommand(sql);
        AddParameters(command, 0, dataAtExecution);
        SetProcessed(1);
        lock (_gate)
        {
            _running = command;
        }

        QuiverDataReader reader;
        try
        {
            reader = command.ExecuteReader();
        }
        catch
        {
            SetParameterStatus(0, 5);
            Finish(command);
            throw;
        }

        SetParameterStatus(0, 0);
        _reader = reader;
        return OpenResult();
    }

    private short RunArray(string sql, nuint sets)
    {
        using var batch = new QuiverBatch(Connection.Open) { Transaction = Connection.TransactionForStatement(), Timeout = QueryTimeout };
        var used = new List<nuint>();
        var operations = ArrayOperations(sets);
        for (nuint row = 0; row < sets; row++)
        {
            if (!operations(row))
            {
                SetParameterStatus(row, 7);
                continue;
            }

            var command = new QuiverBatchCommand(sql);
            foreach (var parameter in Parameters(row, null))
            {
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
            used.Add(row);
        }

        SetProcessed(sets);
        try
        {
            RowCount = batch.ExecuteNonQuery();
        }
        catch (QuiverException failure)
        {
            var failed = failure.BatchCommand is null ? -1 : batch.BatchCommands.IndexOf(failure.BatchCommand);
            for (var i = 0; i < used.Count; i++)
            {
                SetParameterStatus(used[i], failed < 0 ? (ushort)5 : i < failed ? (ushort)0 : i == failed ? (ushort)5 : (ushort)7);
            }

            throw;
        }

        foreach (var row in used)
        {
            SetParameterStatus(row, 0);
        }

        return Diagnostics.Result;
    }

    private Func<nuint, bool> ArrayOperations(nuint sets)
    {
        var operations = Apd.ArrayStatusPtr;
        return row => operations == 0 || ((ushort*)operations)[row] == 0;
    }

    private QuiverCommand NewCommand(string sql)
        => new(sql, Connection.Open, Connection.TransactionForStatement()) { CommandTimeout = QueryTimeout };

    private void AddParameters(QuiverCommand command, nuint row, Dictionary<int, byte[]>? dataAtExecution)
    {
        foreach (var parameter in Parameters(row, dataAtExecution))
        {
            command.Parameters.Add(parameter);
        }
    }

    private List<QuiverParameter> Parameters(nuint row, Dictionary<int, byte[]>? dataAtExecution)
    {
        var parameters = new List<QuiverParameter>();
        var count = Math.Max(Apd.Count, Ipd.Count);
        for (var i = 1; i <= count; i++)
        {
            var application = Apd.Find(i);
            var implementation = Ipd.Find(i);
            if (application is null || implementation is null || (application.DataPtr == 0 && application.IndicatorPtr == 0))
            {
                throw new OdbcException("07002", $"Parameter {i} is not bound (SQLBindParameter binds each parameter marker 1 to {count}).");
            }

            byte[]? data = null;
            dataAtExecution?.TryGetValue(i, out data);
            parameters.Add(ParameterReader.Read(i, application, implementation, Apd, row, data));
        }

        return parameters;
    }

    private nuint ParameterSetCount() => Apd.ArraySize == 0 ? 1 : Apd.ArraySize;

    private List<int> DataAtExecution()
    {
        var numbers = new List<int>();
        for (var i = 1; i <= Apd.Count; i++)
        {
            var record = Apd.Records[i - 1];
            var indicator = (nint*)Apd.Element(record.IndicatorPtr, sizeof(nint), 0);
            if (indicator is not null && (*indicator == SqlLength.DataAtExec || *indicator <= SqlLength.LenDataAtExecOffset))
            {
                numbers.Add(i);
            }
        }

        return numbers;
    }

    /// <summary>SQLParamData: names the next parameter whose data the application sends, or runs the statement.</summary>
    public short ParamData(nint* token)
    {
        var pending = _pending ?? throw OdbcException.SequenceError("SQLParamData is called only after SQLExecute or SQLExecDirect returned SQL_NEED_DATA.");
        if (pending.Current is { } current)
        {
            pending.Data[current] = pending.Buffer.ToArray();
        }

        if (pending.Next())
        {
            if (token is not null)
            {
                *token = Apd.Records[pending.Current!.Value - 1].DataPtr;
            }

            return SqlReturn.NeedData;
        }

        _pending = null;
        return RunOnce(_sql!, pending.Data);
    }

    public void PutData(byte* data, nint length)
    {
        var pending = _pending;
        if (pending?.Current is not { } current)
        {
            throw OdbcException.SequenceError("SQLPutData is called after SQLParamData named a parameter.");
        }

        if (length == SqlLength.NullData)
        {
            throw OdbcException.NotImplemented("A NULL sent with SQLPutData: bind NULL with the indicator SQL_NULL_DATA instead.");
        }

        var record = Apd.Records[current - 1];
        var cType = record.ConciseType == CType.Default ? ParameterReader.DefaultCType(Ipd.Records[current - 1].ConciseType) : record.ConciseType;
        if (length == SqlLength.Nts)
        {
            length = cType == CType.WChar ? new string((char*)data).Length * 2 : System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpanFromNullTerminated(data).Length;
        }

        if (length < 0)
        {
            throw OdbcException.InvalidBufferLength($"SQLPutData length {length} is not valid.");
        }

        pending.Buffer.Write(new ReadOnlySpan<byte>(data, checked((int)length)));
    }

    private short OpenResult()
    {
        var reader = _reader!;
        RowCount = reader.RecordsAffected;
        if (reader.FieldCount > 0)
        {
            Cursor = new ResultSet(reader, ResultSet.Describe(reader), MaxRows);
            _getDataColumn = 0;
        }
        else
        {
            CloseReader();
        }

        return Diagnostics.Result;
    }

    /// <summary>Runs a catalog function's query; its arguments go as positional parameters.</summary>
    public short RunCatalog(Catalog.CatalogQueries.Query query)
    {
        if (Cursor is not null)
        {
            throw new OdbcException("24000", "Invalid cursor state: the statement has an open cursor (call SQLCloseCursor first).");
        }

        SetText(null);
        var command = NewCommand(query.Sql);
        foreach (var argument in query.Arguments)
        {
            command.Parameters.Add(new QuiverParameter { Value = argument ?? DBNull.Value });
        }

        lock (_gate)
        {
            _running = command;
        }

        try
        {
            _reader = command.ExecuteReader();
        }
        catch
        {
            Finish(command);
            throw;
        }

        return OpenResult();
    }

    /// <summary>SQLMoreResults: the next statement's result of a text with several, or SQL_NO_DATA.</summary>
    public short MoreResults()
    {
        if (_reader is null)
        {
            return SqlReturn.NoData;
        }

        Cursor?.Dispose();
        Cursor = null;
        if (!_reader.NextResult())
        {
            CloseReader();
            return SqlReturn.NoData;
        }

        return OpenResult();
    }

    public void CloseCursor(bool quiet)
    {
        if (Cursor is null && _reader is null)
        {
            if (!quiet)
            {
                throw new OdbcException("24000", "Invalid cursor state: the statement has no open cursor.");
            }

            return;
        }

        Cursor?.Dispose();
        Cursor = null;
        CloseReader();
    }

    private void CloseReader()
    {
        var reader = _reader;
        _reader = null;
        reader?.Dispose();
        QuiverCommand? command;
        lock (_gate)
        {
            command = _running;
            _running = null;
        }

        command?.Dispose();
    }

    private void Finish(QuiverCommand command)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_running, command))
            {
                _running = null;
            }
        }

        command.Dispose();
    }

    /// <summary>SQLCancel: stops the running statement on the server (from any thread), or abandons data-at-execution.</summary>
    public void Cancel()
    {
        _pending = null;
        QuiverCommand? command;
        lock (_gate)
        {
            command = _running;
        }

        command?.Cancel();
    }

    public void Close()
    {
        CloseCursor(quiet: true);
        _pending = null;
    }

    private IReadOnlyList<ColumnInfo>? _parameters;

    /// <summary>The statement's parameter markers as DuckDB's prepare types them (SQLNumParams, SQLDescribeParam).</summary>
    public IReadOnlyList<ColumnInfo> DescribedParameters()
    {
        if (_parameters is not null)
        {
            return _parameters;
        }

        if (_sql is null)
        {
            throw OdbcException.SequenceError("No statement has been prepared (call SQLPrepare first).");
        }

        using var command = NewCommand(_sql);
        var schema = command.DescribeParameterSchemaAsync(CancellationToken.None).GetAwaiter().GetResult();
        return _parameters = schema.FieldsList.Select(f => ColumnInfo.From(f.Name, f.DataType.Name, f.DataType, null)).ToList();
    }

    private IReadOnlyList<ColumnInfo> DescribePrepared()
    {
        if (_sql is null || !_prepared)
        {
            return [];
        }

        using var command = NewCommand(_sql);
        for (var i = 0; i < DescribedParameters().Count; i++)
        {
            command.Parameters.Add(new QuiverParameter { Value = DBNull.Value });
        }

        using var reader = command.ExecuteReader(CommandBehavior.SchemaOnly);
        return _preparedColumns = ResultSet.Describe(reader);
    }

    private void SetProcessed(nuint count)
    {
        if (Ipd.RowsProcessedPtr != 0)
        {
            *(nuint*)Ipd.RowsProcessedPtr = count;
        }
    }

    private void SetParameterStatus(nuint row, ushort status)
    {
        if (Ipd.ArrayStatusPtr != 0)
        {
            ((ushort*)Ipd.ArrayStatusPtr)[row] = status;
        }
    }

    /// <summary>The values an application sends in parts with SQLPutData, collected until the last SQLParamData.</summary>
    private sealed class PendingExecution(List<int> parameters)
    {
        private int _index = -1;

        public Dictionary<int, byte[]> Data { get; } = [];

        public MemoryStream Buffer { get; private set; } = new();

        public int? Current => _index >= 0 && _index < parameters.Count ? parameters[_index] : null;

        public bool Next()
        {
            _index++;
            Buffer = new MemoryStream();
            return _index < parameters.Count;
        }
    }
}
