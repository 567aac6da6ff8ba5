using System.Runtime.InteropServices;
using Quiver.Odbc.Native;

namespace Quiver.Odbc.Exports;

/// <summary>Preparing, executing, parameters and statement attributes.</summary>
internal static unsafe class StatementExports
{
    [UnmanagedCallersOnly(EntryPoint = "SQLPrepare")]
    public static short Prepare(nint handle, byte* text, int length) => Prepare(handle, text, length, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SQLPrepareW")]
    public static short PrepareW(nint handle, char* text, int length) => Prepare(handle, text, length, wide: true);

    private static short Prepare(nint handle, void* text, int length, bool wide)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            statement.Prepare(Text.Read(text, length, wide) ?? throw new OdbcException("HY009", "The statement text is NULL."));
            return statement.Diagnostics.Result;
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLExecDirect")]
    public static short ExecDirect(nint handle, byte* text, int length) => ExecDirect(handle, text, length, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SQLExecDirectW")]
    public static short ExecDirectW(nint handle, char* text, int length) => ExecDirect(handle, text, length, wide: true);

    private static short ExecDirect(nint handle, void* text, int length, bool wide)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            return statement.ExecDirect(Text.Read(text, length, wide) ?? throw new OdbcException("HY009", "The statement text is NULL."));
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLExecute")]
    public static short Execute(nint handle)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            return statement.Execute();
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLParamData")]
    public static short ParamData(nint handle, nint* token)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            return statement.ParamData(token);
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLPutData")]
    public static short PutData(nint handle, byte* data, nint length)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            statement.PutData(data, length);
            return SqlReturn.Success;
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLNumParams")]
    public static short NumParams(nint handle, short* count)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            var parameters = statement.DescribedParameters();
            if (count is not null)
            {
                *count = (short)parameters.Count;
            }

            return SqlReturn.Success;
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLDescribeParam")]
    public static short DescribeParam(nint handle, ushort number, short* sqlType, nuint* size, short* digits, short* nullable)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            var parameters = statement.DescribedParameters();
            if (number < 1 || number > parameters.Count)
            {
                throw new OdbcException("07009", $"Parameter {number} does not exist: the statement has {parameters.Count} parameter marker(s).");
            }

            var parameter = parameters[number - 1];
            if (sqlType is not null)
            {
                *sqlType = parameter.SqlType;
            }

            if (size is not null)
            {
                *size = (nuint)parameter.ColumnSize;
            }

            if (digits is not null)
            {
                *digits = parameter.DecimalDigits;
            }

            if (nullable is not null)
            {
                *nullable = SqlNullable.Nullable;
            }

            return SqlReturn.Success;
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLBindParameter")]
    public static short BindParameter(nint handle, ushort number, short direction, short cType, short sqlType, nuint size, short digits, nint data, nint bufferLength, nint* indicator)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            if (number < 1)
            {
                throw new OdbcException("07009", "Parameter numbers start at 1.");
            }

            if (direction != 1)
            {
                throw OdbcException.NotImplemented("Only input parameters (SQL_PARAM_INPUT) are supported: DuckDB has no output parameters.");
            }

            if (bufferLength < 0)
            {
                throw OdbcException.InvalidBufferLength($"BufferLength {bufferLength} is negative.");
            }

            if (!CTypes.IsKnown(cType))
            {
                throw new OdbcException("HY003", $"C type {cType} is not one this driver reads (docs/odbc.md lists them).");
            }

            var application = statement.Apd.Record(number);
            application.SetConciseType(cType);
            application.DataPtr = data;
            application.OctetLength = bufferLength;
            application.IndicatorPtr = (nint)indicator;
            application.OctetLengthPtr = (nint)indicator;
            var implementation = statement.Ipd.Record(number);
            implementation.SetConciseType(sqlType);
            implementation.ParameterType = direction;
            implementation.Length = size;
            implementation.Precision = (short)Math.Min(size, (nuint)short.MaxValue);
            implementation.Scale = digits;
            return SqlReturn.Success;
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLSetStmtAttr")]
    public static short SetStmtAttr(nint handle, int attribute, nint value, int length) => SetStmtAttr(handle, attribute, value);

    [UnmanagedCallersOnly(EntryPoint = "SQLSetStmtAttrW")]
    public static short SetStmtAttrW(nint handle, int attribute, nint value, int length) => SetStmtAttr(handle, attribute, value);

    private static short SetStmtAttr(nint handle, int attribute, nint value)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            statement.SetAttribute(attribute, value);
            return statement.Diagnostics.Result;
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLGetStmtAttr")]
    public static short GetStmtAttr(nint handle, int attribute, nint* value, int capacity, int* length) => GetStmtAttr(handle, attribute, value, length);

    [UnmanagedCallersOnly(EntryPoint = "SQLGetStmtAttrW")]
    public static short GetStmtAttrW(nint handle, int attribute, nint* value, int capacity, int* length) => GetStmtAttr(handle, attribute, value, length);

    private static short GetStmtAttr(nint handle, int attribute, nint* value, int* length)
    {
        if (OdbcHandle.From<OdbcStatement>(handle) is not { } statement)
        {
            return SqlReturn.InvalidHandle;
        }

        statement.Enter();
        try
        {
            var result = statement.GetAttribute(attribute);
            if (value is not null)
            {
                *value = result;
            }

            if (length is not null)
            {
                *length = sizeof(nint);
            }

            return SqlReturn.Success;
        }
        catch (Exception failure)
        {
            return statement.Diagnostics.Fail(failure);
        }
    }
}
