using System.Runtime.InteropServices;
using Apache.Arrow.C;
using Quiver.Adbc.Native;

namespace Quiver.Adbc.Exports;

/// <summary>The AdbcConnection functions.</summary>
internal static unsafe class ConnectionExports
{
    [UnmanagedCallersOnly]
    public static AdbcStatus New(AdbcHandle* connection, AdbcError* error)
    {
        try
        {
            Handles.Attach(connection, new QuiverAdbcConnection());
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus SetOption(AdbcHandle* connection, byte* key, byte* value, AdbcError* error)
    {
        try
        {
            Handles.Get<QuiverAdbcConnection>(connection).SetOption(Utf8.Required(key, "key"), Utf8.Required(value, "value"));
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus SetOptionBytes(AdbcHandle* connection, byte* key, byte* value, nuint length, AdbcError* error)
    {
        try
        {
            Handles.Get<QuiverAdbcConnection>(connection).SetOption(Utf8.Required(key, "key"), System.Text.Encoding.UTF8.GetString(value, (int)length));
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus SetOptionInt(AdbcHandle* connection, byte* key, long value, AdbcError* error)
        => ErrorWriter.Fail(error, AdbcException.NotImplemented($"No connection option takes an integer ('{Utf8.Read(key)}')."));

    [UnmanagedCallersOnly]
    public static AdbcStatus SetOptionDouble(AdbcHandle* connection, byte* key, double value, AdbcError* error)
        => ErrorWriter.Fail(error, AdbcException.NotImplemented($"No connection option takes a double ('{Utf8.Read(key)}')."));

    [UnmanagedCallersOnly]
    public static AdbcStatus GetOption(AdbcHandle* connection, byte* key, byte* value, nuint* length, AdbcError* error)
    {
        try
        {
            Utf8.CopyOut(Handles.Get<QuiverAdbcConnection>(connection).GetOption(Utf8.Required(key, "key")), value, length);
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus GetOptionBytes(AdbcHandle* connection, byte* key, byte* value, nuint* length, AdbcError* error)
    {
        try
        {
            Utf8.CopyOut(System.Text.Encoding.UTF8.GetBytes(Handles.Get<QuiverAdbcConnection>(connection).GetOption(Utf8.Required(key, "key"))), value, length);
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus GetOptionInt(AdbcHandle* connection, byte* key, long* value, AdbcError* error)
        => ErrorWriter.Fail(error, new AdbcException(AdbcStatus.NotFound, $"No connection option is an integer ('{Utf8.Read(key)}')."));

    [UnmanagedCallersOnly]
    public static AdbcStatus GetOptionDouble(AdbcHandle* connection, byte* key, double* value, AdbcError* error)
        => ErrorWriter.Fail(error, new AdbcException(AdbcStatus.NotFound, $"No connection option is a double ('{Utf8.Read(key)}')."));

    [UnmanagedCallersOnly]
    public static AdbcStatus Init(AdbcHandle* connection, AdbcHandle* database, AdbcError* error)
    {
        try
        {
            Handles.Get<QuiverAdbcConnection>(connection).Init(Handles.Get<QuiverDatabase>(database));
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus Release(AdbcHandle* connection, AdbcError* error)
    {
        try
        {
            Handles.Detach<QuiverAdbcConnection>(connection).Dispose();
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus Commit(AdbcHandle* connection, AdbcError* error)
    {
        try
        {
            Handles.Get<QuiverAdbcConnection>(connection).Commit();
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus Rollback(AdbcHandle* connection, AdbcError* error)
    {
        try
        {
            Handles.Get<QuiverAdbcConnection>(connection).Rollback();
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus Cancel(AdbcHandle* connection, AdbcError* error)
    {
        try
        {
            Handles.Get<QuiverAdbcConnection>(connection).Cancel();
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus GetInfo(AdbcHandle* connection, uint* codes, nuint count, CArrowArrayStream* output, AdbcError* error)
    {
        try
        {
            var requested = codes is null ? [] : new ReadOnlySpan<uint>(codes, checked((int)count)).ToArray();
            Streams.Export(DriverInfo.Batch(Handles.Get<QuiverAdbcConnection>(connection), requested), output);
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus GetObjects(
        AdbcHandle* connection, int depth, byte* catalog, byte* schema, byte* table, byte** tableTypes, byte* column, CArrowArrayStream* output, AdbcError* error)
    {
        try
        {
            List<string>? types = null;
            if (tableTypes is not null)
            {
                types = [];
                for (var type = tableTypes; *type is not null; type++)
                {
                    types.Add(Utf8.Read(*type)!);
                }
            }

            var filter = new ObjectFilter(depth, Utf8.Read(catalog), Utf8.Read(schema), Utf8.Read(table), types, Utf8.Read(column));
            Streams.Export(Objects.Batch(Handles.Get<QuiverAdbcConnection>(connection), filter), output);
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus GetTableSchema(AdbcHandle* connection, byte* catalog, byte* schema, byte* table, CArrowSchema* output, AdbcError* error)
    {
        try
        {
            var tableSchema = Handles.Get<QuiverAdbcConnection>(connection).TableSchema(Utf8.Read(catalog), Utf8.Read(schema), Utf8.Required(table, "table_name"));
            CArrowSchemaExporter.ExportSchema(tableSchema, output);
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus GetTableTypes(AdbcHandle* connection, CArrowArrayStream* output, AdbcError* error)
    {
        try
        {
            Handles.Get<QuiverAdbcConnection>(connection);
            Streams.Export(Objects.TableTypes(), output);
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus ReadPartition(AdbcHandle* connection, byte* partition, nuint length, CArrowArrayStream* output, AdbcError* error)
        => ErrorWriter.Fail(error, AdbcException.NotImplemented("Partitioned results are not supported: a query's result streams from one server call."));

    [UnmanagedCallersOnly]
    public static AdbcStatus GetStatistics(AdbcHandle* connection, byte* catalog, byte* schema, byte* table, byte approximate, CArrowArrayStream* output, AdbcError* error)
        => ErrorWriter.Fail(error, AdbcException.NotImplemented("Table statistics are not supported."));

    [UnmanagedCallersOnly]
    public static AdbcStatus GetStatisticNames(AdbcHandle* connection, CArrowArrayStream* output, AdbcError* error)
        => ErrorWriter.Fail(error, AdbcException.NotImplemented("Table statistics are not supported."));
}
