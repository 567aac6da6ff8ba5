using Quiver.Data;

namespace Quiver.Odbc;

/// <summary>One diagnostic record, as SQLGetDiagRec returns it.</summary>
internal sealed record Diagnostic(string SqlState, int NativeError, string Message);

/// <summary>
/// A handle's diagnostic records: cleared when a function starts on the handle, filled by the function's warnings and
/// its error. Messages carry the "[Quiver][ODBC]" prefix ODBC components put before their own text.
/// </summary>
internal sealed class Diagnostics
{
    private const string Prefix = "[Quiver][ODBC] ";
    private readonly List<Diagnostic> _records = [];
    private readonly object _gate = new();
    private volatile int _count;

    /// <summary>Records held; read without the lock, as every ODBC call clears them first and most leave none.</summary>
    public int Count => _count;

    /// <summary>The return code of a function that finished: with info when it left a warning.</summary>
    public short Result => Count > 0 ? Native.SqlReturn.SuccessWithInfo : Native.SqlReturn.Success;

    public Diagnostic? this[int recordNumber]
    {
        get
        {
            lock (_gate)
            {
                return recordNumber >= 1 && recordNumber <= _records.Count ? _records[recordNumber - 1] : null;
            }
        }
    }

    public void Clear()
    {
        if (_count == 0)
        {
            return;
        }

        lock (_gate)
        {
            _records.Clear();
            _count = 0;
        }
    }

    public void Warn(string sqlState, string message) => Add(new Diagnostic(sqlState, 0, Prefix + message));

    /// <summary>Records the failure and returns SQL_ERROR.</summary>
    public short Fail(Exception failure)
    {
        Add(failure switch
        {
            OdbcException odbc => new Diagnostic(odbc.SqlState, 0, Prefix + odbc.Message),
            QuiverException server => new Diagnostic(OdbcState(server), 0, Prefix + server.MessageText + (server.Line > 0 ? $" (line {server.Line}, column {server.Column})" : "")),
            OperationCanceledException => new Diagnostic("HY008", 0, Prefix + "The operation was canceled."),
            TimeoutException timeout => new Diagnostic("HYT00", 0, Prefix + timeout.Message),
            InvalidOperationException invalid => new Diagnostic("HY010", 0, Prefix + invalid.Message),
            ArgumentException argument => new Diagnostic("HY009", 0, Prefix + argument.Message),
            OutOfMemoryException => new Diagnostic("HY001", 0, Prefix + "Memory allocation error."),
            _ => new Diagnostic("HY000", 0, Prefix + failure.Message),
        });
        return Native.SqlReturn.Error;
    }

    /// <summary>The server's SQLSTATE, but ODBC's own for a statement stopped by SQLCancel (HY008) or by its timeout (HYT00).</summary>
    private static string OdbcState(QuiverException server) => server.ErrorClass switch
    {
        QuiverErrorClass.Cancelled => "HY008",
        QuiverErrorClass.Timeout => "HYT00",
        _ => server.SqlState ?? "HY000",
    };

    private void Add(Diagnostic diagnostic)
    {
        lock (_gate)
        {
            _records.Add(diagnostic);
            _count = _records.Count;
        }
    }
}
