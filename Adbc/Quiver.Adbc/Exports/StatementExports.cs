using System.Runtime.InteropServices;
using Apache.Arrow.C;
using Quiver.Adbc.Native;

namespace Quiver.Adbc.Exports;

/// <summary>The AdbcStatement functions.</summary>
internal static unsafe class StatementExports
{
    [UnmanagedCallersOnly]
    public static AdbcStatus New(AdbcHandle* connection, AdbcHandle* statement, AdbcError* error)
    {
        try
        {
            var owner = Handles.Get<QuiverAdbcConnection>(connection);
            _ = owner.Connection;
            var created = new QuiverAdbcStatement(owner);
            Handles.Attach(statement, created);
            owner.Add(created);
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus Release(AdbcHandle* statement, AdbcError* error)
    {
        try
        {
            Handles.Detach<QuiverAdbcStatement>(statement).Dispose();
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus SetSqlQuery(AdbcHandle* statement, byte* query, AdbcError* error)
    {
        try
        {
            Handles.Get<QuiverAdbcStatement>(statement).SetSqlQuery(Utf8.Required(query, "query"));
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus SetSubstraitPlan(AdbcHandle* statement, byte* plan, nuint length, AdbcError* error)
        => ErrorWriter.Fail(error, AdbcException.NotImplemented("Substrait plans are not supported; send SQL."));

    [UnmanagedCallersOnly]
    public static AdbcStatus SetOption(AdbcHandle* statement, byte* key, byte* value, AdbcError* error)
    {
        try
        {
            Handles.Get<QuiverAdbcStatement>(statement).SetOption(Utf8.Required(key, "key"), Utf8.Read(value) ?? "");
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus SetOptionBytes(AdbcHandle* statement, byte* key, byte* value, nuint length, AdbcError* error)
        => ErrorWriter.Fail(error, AdbcException.NotImplemented($"Unknown statement option '{Utf8.Read(key)}'."));

    [UnmanagedCallersOnly]
    public static AdbcStatus SetOptionInt(AdbcHandle* statement, byte* key, long value, AdbcError* error)
        => ErrorWriter.Fail(error, AdbcException.NotImplemented($"Unknown statement option '{Utf8.Read(key)}'."));

    [UnmanagedCallersOnly]
    public static AdbcStatus SetOptionDouble(AdbcHandle* statement, byte* key, double value, AdbcError* error)
        => ErrorWriter.Fail(error, AdbcException.NotImplemented($"Unknown statement option '{Utf8.Read(key)}'."));

    [UnmanagedCallersOnly]
    public static AdbcStatus GetOption(AdbcHandle* statement, byte* key, byte* value, nuint* length, AdbcError* error)
    {
        try
        {
            Utf8.CopyOut(Handles.Get<QuiverAdbcStatement>(statement).GetOption(Utf8.Required(key, "key")), value, length);
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus GetOptionBytes(AdbcHandle* statement, byte* key, byte* value, nuint* length, AdbcError* error)
        => ErrorWriter.Fail(error, new AdbcException(AdbcStatus.NotFound, $"Unknown statement option '{Utf8.Read(key)}'."));

    [UnmanagedCallersOnly]
    public static AdbcStatus GetOptionInt(AdbcHandle* statement, byte* key, long* value, AdbcError* error)
        => ErrorWriter.Fail(error, new AdbcException(AdbcStatus.NotFound, $"Unknown statement option '{Utf8.Read(key)}'."));

    [UnmanagedCallersOnly]
    public static AdbcStatus GetOptionDouble(AdbcHandle* statement, byte* key, double* value, AdbcError* error)
        => ErrorWriter.Fail(error, new AdbcException(AdbcStatus.NotFound, $"Unknown statement option '{Utf8.Read(key)}' (progress is not reported)."));

    [UnmanagedCallersOnly]
    public static AdbcStatus Prepare(AdbcHandle* statement, AdbcError* error)
    {
        try
        {
            Handles.Get<QuiverAdbcStatement>(statement).Prepare();
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus GetParameterSchema(AdbcHandle* statement, CArrowSchema* output, AdbcError* error)
    {
        try
        {
            CArrowSchemaExporter.ExportSchema(Handles.Get<QuiverAdbcStatement>(statement).ParameterSchema(), output);
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus Bind(AdbcHandle* statement, CArrowArray* values, CArrowSchema* schema, AdbcError* error)
    {
        try
        {
            var target = Handles.Get<QuiverAdbcStatement>(statement);
            if (values is null || schema is null)
            {
                throw AdbcException.InvalidArgument("Bind needs both the array and its schema.");
            }

            // The importers take ownership: they call the caller's release callbacks when the batch is disposed.
            var imported = CArrowSchemaImporter.ImportSchema(schema);
            target.Bind(CArrowArrayImporter.ImportRecordBatch(values, imported));
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus BindStream(AdbcHandle* statement, CArrowArrayStream* values, AdbcError* error)
    {
        try
        {
            var target = Handles.Get<QuiverAdbcStatement>(statement);
            if (values is null)
            {
                throw AdbcException.InvalidArgument("BindStream needs a stream.");
            }

            using var stream = CArrowArrayStreamImporter.ImportArrayStream(values);
            target.Bind(stream);
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus ExecuteQuery(AdbcHandle* statement, CArrowArrayStream* output, long* rowsAffected, AdbcError* error)
    {
        try
        {
            var target = Handles.Get<QuiverAdbcStatement>(statement);
            if (output is null)
            {
                var changed = target.ExecuteUpdate();
                if (rowsAffected is not null)
                {
                    *rowsAffected = changed;
                }

                return AdbcStatus.Ok;
            }

            ArrayStreamExport.Export(target.ExecuteQuery(), output);

            if (rowsAffected is not null)
            {
                *rowsAffected = -1;
            }

            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus ExecuteSchema(AdbcHandle* statement, CArrowSchema* output, AdbcError* error)
    {
        try
        {
            CArrowSchemaExporter.ExportSchema(Handles.Get<QuiverAdbcStatement>(statement).ResultSchema(), output);
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }

    [UnmanagedCallersOnly]
    public static AdbcStatus ExecutePartitions(AdbcHandle* statement, CArrowSchema* schema, void* partitions, long* rowsAffected, AdbcError* error)
        => ErrorWriter.Fail(error, AdbcException.NotImplemented("Partitioned results are not supported: a query's result streams from one server call."));

    [UnmanagedCallersOnly]
    public static AdbcStatus Cancel(AdbcHandle* statement, AdbcError* error)
    {
        try
        {
            Handles.Get<QuiverAdbcStatement>(statement).Cancel();
            return AdbcStatus.Ok;
        }
        catch (Exception failure)
        {
            return ErrorWriter.Fail(error, failure);
        }
    }
}
