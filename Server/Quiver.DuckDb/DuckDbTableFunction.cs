using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Quiver.DuckDb.Native;

namespace Quiver.DuckDb;

/// <summary>A column of a <see cref="DuckDbTableFunction"/>'s result.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Type">Varchar (string), BigInt (long), Double (double), Boolean (bool) or TimestampTz (DateTimeOffset).</param>
public sealed record DuckDbTableColumn(string Name, DuckDbType Type);

/// <summary>
/// A table function computed in .NET, for small results about the host's own state (not data scans): its rows are
/// computed once per execution, when DuckDB initialises the scan (so a prepared statement run twice sees fresh rows,
/// and nothing runs while a statement is only prepared), then written out a vector at a time on one thread.
/// Registered on a connection, it lives in that database's catalog, visible to every connection of it.
/// </summary>
public abstract class DuckDbTableFunction
{
    private static readonly DuckDbType[] ColumnTypes = [DuckDbType.Varchar, DuckDbType.BigInt, DuckDbType.Double, DuckDbType.Boolean, DuckDbType.TimestampTz];

    /// <param name="name">The function's SQL name.</param>
    /// <param name="parameters">How many VARCHAR arguments it takes.</param>
    /// <param name="columns">Its result columns.</param>
    protected DuckDbTableFunction(string name, int parameters, IReadOnlyList<DuckDbTableColumn> columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(parameters);
        if (columns.Count == 0 || columns.Any(c => !ColumnTypes.Contains(c.Type)))
        {
            throw new ArgumentException("A table function needs at least one column, each of type Varchar, BigInt, Double, Boolean or TimestampTz.", nameof(columns));
        }

        Name = name;
        ParameterCount = parameters;
        Columns = columns;
    }

    /// <summary>The function's SQL name.</summary>
    public string Name { get; }

    /// <summary>How many VARCHAR arguments it takes.</summary>
    public int ParameterCount { get; }

    /// <summary>Its result columns.</summary>
    public IReadOnlyList<DuckDbTableColumn> Columns { get; }

    /// <summary>
    /// The rows of one execution, each with a value per column (null for NULL). Runs on a DuckDB thread; an exception
    /// fails the statement with its message.
    /// </summary>
    /// <param name="connectionId">The calling connection's id (<see cref="DuckDbConnection.ConnectionId"/>).</param>
    /// <param name="arguments">The VARCHAR arguments (null for NULL).</param>
    protected abstract IReadOnlyList<object?[]> Rows(ulong connectionId, IReadOnlyList<string?> arguments);

    internal unsafe void RegisterOn(ConnectionHandle connection)
    {
        var function = NativeMethods.TableFunction.Create();
        try
        {
            NativeMethods.TableFunction.SetName(function, Name);
            for (var i = 0; i < ParameterCount; i++)
            {
                using var varchar = new LogicalTypeHandle(NativeMethods.Output.CreateLogicalType((int)DuckDbType.Varchar));
                NativeMethods.TableFunction.AddParameter(function, varchar.DangerousGetHandle());
            }

            // Freed by DuckDB when the database drops the function (at close).
            NativeMethods.TableFunction.SetExtraInfo(function, GCHandle.ToIntPtr(GCHandle.Alloc(this)), &FreeHandle);
            NativeMethods.TableFunction.SetBind(function, &Bind);
            NativeMethods.TableFunction.SetInit(function, &Init);
            NativeMethods.TableFunction.SetFunction(function, &Scan);
            if (NativeMethods.TableFunction.Register(connection.DangerousGetHandle(), function) != NativeMethods.Success)
            {
                throw new DuckDbException(DuckDbErrorType.Catalog, $"DuckDB refused to register the table function {Name}() (is the name taken?).");
            }
        }
        finally
        {
            NativeMethods.TableFunction.Destroy(&function);
        }
    }

    private sealed class Call(DuckDbTableFunction function, ulong connectionId, string?[] arguments)
    {
        public DuckDbTableFunction Function => function;

        public ulong ConnectionId => connectionId;

        public string?[] Arguments => arguments;
    }

    private sealed class Cursor(DuckDbTableFunction function, IReadOnlyList<object?[]> rows)
    {
        public DuckDbTableFunction Function => function;

        public IReadOnlyList<object?[]> Rows => rows;

        public int Next { get; set; }
    }

    private static T Target<T>(nint handle) => (T)GCHandle.FromIntPtr(handle).Target!;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void FreeHandle(nint handle) => GCHandle.FromIntPtr(handle).Free();

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void Bind(nint info)
    {
        try
        {
            var function = Target<DuckDbTableFunction>(NativeMethods.TableFunction.BindExtraInfo(info));
            var arguments = new string?[(int)NativeMethods.TableFunction.ParameterCount(info)];
            for (var i = 0; i < arguments.Length; i++)
            {
                var value = NativeMethods.TableFunction.Parameter(info, (ulong)i);
                arguments[i] = NativeMethods.Value.IsNull(value) ? null : NativeString.Take(NativeMethods.Value.Text(value));
                NativeMethods.Value.Destroy(&value);
            }

            foreach (var column in function.Columns)
            {
                using var type = new LogicalTypeHandle(NativeMethods.Output.CreateLogicalType((int)column.Type));
                NativeMethods.TableFunction.AddResultColumn(info, column.Name, type.DangerousGetHandle());
            }

            NativeMethods.TableFunction.BindClientContext(info, out var context);
            var connectionId = NativeMethods.ClientContext.ConnectionId(context);
            NativeMethods.ClientContext.Destroy(&context);
            var call = new Call(function, connectionId, arguments);
            NativeMethods.TableFunction.SetBindData(info, GCHandle.ToIntPtr(GCHandle.Alloc(call)), &FreeHandle);
        }
        catch (Exception error)
        {
            NativeMethods.TableFunction.SetBindError(info, error.Message);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe void Init(nint info)
    {
        try
        {
            var call = Target<Call>(NativeMethods.TableFunction.InitBindData(info));
            var rows = call.Function.Rows(call.ConnectionId, call.Arguments);
            if (rows.FirstOrDefault(r => r.Length != call.Function.Columns.Count) is { } wrong)
            {
                throw new InvalidOperationException($"{call.Function.Name}() made a row of {wrong.Length} values for {call.Function.Columns.Count} columns.");
            }

            NativeMethods.TableFunction.SetInitData(info, GCHandle.ToIntPtr(GCHandle.Alloc(new Cursor(call.Function, rows))), &FreeHandle);
            NativeMethods.TableFunction.SetMaxThreads(info, 1);
        }
        catch (Exception error)
        {
            NativeMethods.TableFunction.SetInitError(info, error.Message);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Scan(nint info, nint chunk)
    {
        try
        {
            var cursor = Target<Cursor>(NativeMethods.TableFunction.ScanInitData(info));
            var count = (int)Math.Min((ulong)(cursor.Rows.Count - cursor.Next), NativeMethods.Output.VectorSize());
            var columns = cursor.Function.Columns;
            for (var c = 0; c < columns.Count; c++)
            {
                var vector = NativeMethods.Chunk.Vector(chunk, (ulong)c);
                for (var r = 0; r < count; r++)
                {
                    Write(vector, columns[c].Type, r, cursor.Rows[cursor.Next + r][c]);
                }
            }

            cursor.Next += count;
            NativeMethods.Output.SetSize(chunk, (ulong)count);
        }
        catch (Exception error)
        {
            NativeMethods.TableFunction.SetScanError(info, error.Message);
        }
    }

    private static unsafe void Write(nint vector, DuckDbType type, int row, object? value)
    {
        if (value is null)
        {
            NativeMethods.Output.EnsureValidityWritable(vector);
            var validity = NativeMethods.Vector.Validity(vector);
            validity[row / 64] &= ~(1UL << (row % 64));
            return;
        }

        var data = NativeMethods.Vector.Data(vector);
        switch (type)
        {
            case DuckDbType.Varchar:
                var text = Encoding.UTF8.GetBytes((string)value);
                fixed (byte* bytes = text)
                {
                    NativeMethods.Output.AssignString(vector, (ulong)row, bytes, (ulong)text.Length);
                }

                break;
            case DuckDbType.BigInt:
                ((long*)data)[row] = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
                break;
            case DuckDbType.Double:
                ((double*)data)[row] = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
                break;
            case DuckDbType.Boolean:
                ((byte*)data)[row] = (bool)value ? (byte)1 : (byte)0;
                break;
            case DuckDbType.TimestampTz:
                // Microseconds since the Unix epoch, UTC.
                ((long*)data)[row] = (((DateTimeOffset)value).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
                break;
        }
    }
}
