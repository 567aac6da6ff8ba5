using System.Runtime.InteropServices;
using Quiver.Odbc.Native;

namespace Quiver.Odbc.Exports;

/// <summary>Handles, environment attributes and transactions.</summary>
internal static unsafe class HandleExports
{
    [UnmanagedCallersOnly(EntryPoint = "SQLAllocHandle")]
    public static short AllocHandle(short type, nint input, nint* output)
    {
        if (output is null)
        {
            return SqlReturn.Error;
        }

        *output = 0;
        switch (type)
        {
            case HandleType.Env:
                *output = new OdbcEnvironment().Allocate();
                return SqlReturn.Success;
            case HandleType.Dbc:
                if (OdbcHandle.From<OdbcEnvironment>(input) is not { } environment)
                {
                    return SqlReturn.InvalidHandle;
                }

                environment.Enter();
                var connection = new OdbcConnection(environment);
                lock (environment.Connections)
                {
                    environment.Connections.Add(connection);
                }

                *output = connection.Allocate();
                return SqlReturn.Success;
            case HandleType.Stmt:
                if (OdbcHandle.From<OdbcConnection>(input) is not { } owner)
                {
                    return SqlReturn.InvalidHandle;
                }

                owner.Enter();
                if (owner.Connection is null)
                {
                    return owner.Diagnostics.Fail(new OdbcException("08003", "The connection is not open."));
                }

                var statement = new OdbcStatement(owner);
                lock (owner.Statements)
                {
                    owner.Statements.Add(statement);
                }

                *output = statement.Allocate();
                return SqlReturn.Success;
            case HandleType.Desc:
                if (OdbcHandle.From<OdbcConnection>(input) is not { } descriptorOwner)
                {
                    return SqlReturn.InvalidHandle;
                }

                descriptorOwner.Enter();
                *output = new Descriptor(DescriptorKind.ApplicationRow, descriptorOwner, false).Allocate();
                return SqlReturn.Success;
            default:
                return SqlReturn.Error;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLFreeHandle")]
    public static short FreeHandle(short type, nint handle)
    {
        switch (type)
        {
            case HandleType.Env:
                if (OdbcHandle.From<OdbcEnvironment>(handle) is not { } environment)
                {
                    return SqlReturn.InvalidHandle;
                }

                environment.ReleaseHandle();
                return SqlReturn.Success;
            case HandleType.Dbc:
                if (OdbcHandle.From<OdbcConnection>(handle) is not { } connection)
                {
                    return SqlReturn.InvalidHandle;
                }

                try
                {
                    connection.Connection?.Dispose();
                }
                catch (Exception failure)
                {
                    return connection.Diagnostics.Fail(failure);
                }

                lock (connection.Environment.Connections)
                {
                    connection.Environment.Connections.Remove(connection);
                }

                connection.ReleaseHandle();
                return SqlReturn.Success;
            case HandleType.Stmt:
                if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
                {
                    return SqlReturn.InvalidHandle;
                }

                try
                {
                    statement.Close();
                }
                catch (Exception failure)
                {
                    return statement.Diagnostics.Fail(failure);
                }

                lock (statement.Connection.Statements)
                {
                    statement.Connection.Statements.Remove(statement);
                }

                statement.ReleaseDescriptors();
                statement.ReleaseHandle();
                return SqlReturn.Success;
            case HandleType.Desc:
                if (OdbcHandle.From<Descriptor>(handle) is not { } descriptor)
                {
                    return SqlReturn.InvalidHandle;
                }

                if (descriptor.ImplicitlyAllocated)
                {
                    return descriptor.Diagnostics.Fail(new OdbcException("HY017", "An implicitly allocated descriptor is freed with its statement."));
                }

                lock (descriptor.Connection.Statements)
                {
                    foreach (var owner in descriptor.Connection.Statements)
                    {
                        // A statement using a freed descriptor goes back to its implicit one.
                        if (ReferenceEquals(owner.Ard, descriptor))
                        {
                            owner.Ard = owner.ImplicitArd;
                        }

                        if (ReferenceEquals(owner.Apd, descriptor))
                        {
                            owner.Apd = owner.ImplicitApd;
                        }
                    }
                }

                descriptor.ReleaseHandle();
                return SqlReturn.Success;
            default:
                return SqlReturn.Error;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLFreeStmt")]
    public static short FreeStmt(nint handle, ushort option)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            switch (option)
            {
                case 0: // SQL_CLOSE
                    statement.CloseCursor(quiet: true);
                    break;
                case 2: // SQL_UNBIND
                    statement.Ard.Records.Clear();
                    break;
                case 3: // SQL_RESET_PARAMS
                    statement.Apd.Records.Clear();
                    statement.Ipd.Records.Clear();
                    break;
                default:
                    throw new OdbcException("HY092", $"SQLFreeStmt option {option} is not SQL_CLOSE, SQL_UNBIND or SQL_RESET_PARAMS (SQL_DROP is SQLFreeHandle).");
            }

            return statement.Diagnostics.Result;
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLCloseCursor")]
    public static short CloseCursor(nint handle)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            statement.CloseCursor(quiet: false);
            return statement.Diagnostics.Result;
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLCancel")]
    public static short Cancel(nint handle)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        // No Enter: the statement's own call on another thread keeps its diagnostics.
        try
        {
            statement.Cancel();
            return SqlReturn.Success;
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLSetEnvAttr")]
    public static short SetEnvAttr(nint handle, int attribute, nint value, int length)
    {
        if (OdbcHandle.From<OdbcEnvironment>(handle) is not { } environment)
        {
            return SqlReturn.InvalidHandle;
        }

        environment.Enter();
        switch (attribute)
        {
            case 200: // SQL_ATTR_ODBC_VERSION
                environment.OdbcVersion = (int)value;
                return SqlReturn.Success;
            case 201 or 202: // SQL_ATTR_CONNECTION_POOLING, SQL_ATTR_CP_MATCH (the driver manager's; sessions are pooled by Quiver.Data)
                return SqlReturn.Success;
            case 10001: // SQL_ATTR_OUTPUT_NTS
                return value == 1 ? SqlReturn.Success : environment.Diagnostics.Fail(OdbcException.NotImplemented("Output strings are always NUL-terminated."));
            default:
                return environment.Diagnostics.Fail(OdbcException.InvalidAttribute(attribute));
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLGetEnvAttr")]
    public static short GetEnvAttr(nint handle, int attribute, nint* value, int bufferLength, int* length)
    {
        if (OdbcHandle.From<OdbcEnvironment>(handle) is not { } environment)
        {
            return SqlReturn.InvalidHandle;
        }

        environment.Enter();
        int result;
        switch (attribute)
        {
            case 200:
                result = environment.OdbcVersion;
                break;
            case 201 or 202:
                result = 0;
                break;
            case 10001:
                result = 1;
                break;
            default:
                return environment.Diagnostics.Fail(OdbcException.InvalidAttribute(attribute));
        }

        if (value is not null)
        {
            *(int*)value = result;
        }

        if (length is not null)
        {
            *length = sizeof(int);
        }

        return SqlReturn.Success;
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLEndTran")]
    public static short EndTran(short type, nint handle, short completion)
    {
        if (completion is not (0 or 1))
        {
            return SqlReturn.Error;
        }

        var commit = completion == 0; // SQL_COMMIT, SQL_ROLLBACK
        if (type == HandleType.Dbc)
        {
            if (OdbcHandle.From<OdbcConnection>(handle) is not { } connection)
            {
                return SqlReturn.InvalidHandle;
            }

            connection.Enter();
            try
            {
                connection.EndTransaction(commit);
                return connection.Diagnostics.Result;
            }
            catch (Exception failure)
            {
                return connection.Diagnostics.Fail(failure);
            }
        }

        if (type == HandleType.Env)
        {
            if (OdbcHandle.From<OdbcEnvironment>(handle) is not { } environment)
            {
                return SqlReturn.InvalidHandle;
            }

            environment.Enter();
            try
            {
                OdbcConnection[] connections;
                lock (environment.Connections)
                {
                    connections = [.. environment.Connections];
                }

                foreach (var connection in connections)
                {
                    connection.EndTransaction(commit);
                }

                return SqlReturn.Success;
            }
            catch (Exception failure)
            {
                return environment.Diagnostics.Fail(failure);
            }
        }

        return SqlReturn.Error;
    }
}
