namespace Quiver.Odbc;

// Connection attributes.
internal sealed partial class OdbcConnection
{
    private nint _packetSize;
    private nint _quietMode;

    /// <summary>Sets an attribute; <paramref name="text"/> is the value of a string attribute.</summary>
    public void SetAttribute(int attribute, nint value, string? text)
    {
        switch (attribute)
        {
            case 101: // SQL_ATTR_ACCESS_MODE: a hint ODBC lets drivers take; the server decides what a session may do
                ReadOnly = value == 1;
                break;
            case 102: // SQL_ATTR_AUTOCOMMIT
                SetAutoCommit(value != 0);
                break;
            case 103: // SQL_ATTR_LOGIN_TIMEOUT
                LoginTimeout = (int)Math.Clamp(value, 0, int.MaxValue);
                break;
            case 113: // SQL_ATTR_CONNECTION_TIMEOUT
                ConnectionTimeout = (int)Math.Clamp(value, 0, int.MaxValue);
                break;
            case 108: // SQL_ATTR_TXN_ISOLATION
                if (value != 4)
                {
                    Diagnostics.Warn("01S02", "Option value changed: DuckDB runs every transaction with snapshot isolation; SQL_TXN_REPEATABLE_READ is kept.");
                }

                break;
            case 109: // SQL_ATTR_CURRENT_CATALOG
                if (string.IsNullOrEmpty(text))
                {
                    throw new OdbcException("HY024", "SQL_ATTR_CURRENT_CATALOG needs a database name.");
                }

                using (var command = new Quiver.Data.QuiverCommand("USE \"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", Open, TransactionForStatement()))
                {
                    command.ExecuteNonQuery();
                }

                break;
            case 112: // SQL_ATTR_PACKET_SIZE
                _packetSize = value;
                break;
            case 111: // SQL_ATTR_QUIET_MODE
                _quietMode = value;
                break;
            case 4: // SQL_ATTR_ASYNC_ENABLE
                if (value != 0)
                {
                    Diagnostics.Warn("01S02", "Option value changed: asynchronous execution is not supported; SQL_ASYNC_ENABLE_OFF is kept.");
                }

                break;
            case 104 or 105 or 110: // SQL_ATTR_TRACE, SQL_ATTR_TRACEFILE, SQL_ATTR_ODBC_CURSORS: the driver manager's
                break;
            case 1209 or 10001: // SQL_ATTR_CONNECTION_DEAD, SQL_ATTR_AUTO_IPD
                throw new OdbcException("HY092", $"Connection attribute {attribute} is read-only.");
            default:
                throw OdbcException.InvalidAttribute(attribute);
        }
    }

    /// <summary>The attribute's value: a number (SQLUINTEGER) or a string.</summary>
    public object GetAttribute(int attribute) => attribute switch
    {
        101 => ReadOnly ? 1 : 0,
        102 => AutoCommit ? 1 : 0,
        103 => LoginTimeout,
        113 => ConnectionTimeout,
        108 => 4,
        109 => Open.Database,
        112 => (int)_packetSize,
        111 => (int)_quietMode,
        4 => 0,
        1209 => Dead ? 1 : 0,
        10001 => 0,
        _ => throw OdbcException.InvalidAttribute(attribute),
    };
}
