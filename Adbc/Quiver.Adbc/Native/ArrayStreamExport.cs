using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.C;
using Apache.Arrow.Ipc;

namespace Quiver.Adbc.Native;

/// <summary>
/// Exports a stream of record batches as a C ArrowArrayStream. Written here rather than taken from Apache.Arrow's
/// CArrowArrayStreamExporter for two measured or needed reasons: that exporter never disposes a batch once its C array
/// is released, so Quiver.Data's pooled receive buffers never went back to their pool (every batch then cost fresh
/// pages: a quarter of W6's client time was page faults in the copy into them); and ADBC's ErrorFromArrayStream needs
/// the stream to keep the failure with its SQLSTATE. Each batch's buffers are still exported by CArrowArrayExporter.
/// </summary>
internal static unsafe class ArrayStreamExport
{
    private const int EIO = 5;
    private const int ECANCELED = 125;

    // The streams this driver exported and that are not released yet, by private_data: ErrorFromArrayStream may be
    // handed any stream, and only these are ours to read.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<nint, StreamState> Exported = new();

    public static void Export(IArrowArrayStream source, CArrowArrayStream* target)
    {
        if (target is null)
        {
            source.Dispose();
            throw AdbcException.InvalidArgument("The output stream must not be NULL.");
        }

        var stream = (NativeStream*)target;
        stream->GetSchema = &GetSchema;
        stream->GetNext = &GetNext;
        stream->GetLastError = &GetLastError;
        stream->Release = &Release;
        var state = new StreamState(source);
        var handle = GCHandle.ToIntPtr(GCHandle.Alloc(state));
        stream->PrivateData = (void*)handle;
        Exported[handle] = state;
        Handles.Allocated();
    }

    /// <summary>The failure a stream of ours last reported (ErrorFromArrayStream), or null.</summary>
    public static AdbcError* ErrorOf(CArrowArrayStream* target, AdbcStatus* status)
    {
        var stream = (NativeStream*)target;
        if (stream is null || !Exported.TryGetValue((nint)stream->PrivateData, out var state) || state.Error is null)
        {
            return null;
        }

        if (status is not null)
        {
            *status = state.Status;
        }

        return state.Error;
    }

    [UnmanagedCallersOnly]
    private static int GetSchema(NativeStream* stream, CArrowSchema* output)
    {
        var state = State(stream);
        try
        {
            CArrowSchemaExporter.ExportSchema(state.Source.Schema, output);
            return 0;
        }
        catch (Exception failure)
        {
            return state.Fail(failure);
        }
    }

    [UnmanagedCallersOnly]
    private static int GetNext(NativeStream* stream, NativeArray* output)
    {
        var state = State(stream);
        try
        {
            var pending = state.Source.ReadNextRecordBatchAsync();
            var batch = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
            if (batch is null)
            {
                *output = default;
                return 0;
            }

            ExportBatch(batch, output);
            return 0;
        }
        catch (Exception failure)
        {
            return state.Fail(failure);
        }
    }

    [UnmanagedCallersOnly]
    private static byte* GetLastError(NativeStream* stream) => State(stream).LastError;

    [UnmanagedCallersOnly]
    private static void Release(NativeStream* stream)
    {
        if (stream is null || stream->Release is null)
        {
            return;
        }

        Exported.TryRemove((nint)stream->PrivateData, out _);
        var handle = GCHandle.FromIntPtr((nint)stream->PrivateData);
        ((StreamState)handle.Target!).Dispose();
        handle.Free();
        stream->PrivateData = null;
        stream->Release = null;
        Handles.Freed();
    }

    // The consumer's array is a copy of the one Apache.Arrow exported, with a release that also disposes the batch.
    private static void ExportBatch(RecordBatch batch, NativeArray* output)
    {
        var inner = (NativeArray*)NativeMemory.AllocZeroed((nuint)sizeof(NativeArray));
        try
        {
            CArrowArrayExporter.ExportRecordBatch(batch, (CArrowArray*)inner);
        }
        catch
        {
            NativeMemory.Free(inner);
            batch.Dispose();
            throw;
        }

        *output = *inner;
        output->Release = &ReleaseBatch;
        output->PrivateData = (void*)GCHandle.ToIntPtr(GCHandle.Alloc(new BatchState((nint)inner, batch)));
        Handles.Allocated();
    }

    [UnmanagedCallersOnly]
    private static void ReleaseBatch(NativeArray* array)
    {
        if (array is null || array->Release is null)
        {
            return;
        }

        var handle = GCHandle.FromIntPtr((nint)array->PrivateData);
        var state = (BatchState)handle.Target!;
        handle.Free();
        var inner = (NativeArray*)state.Inner;
        inner->Release(inner);
        NativeMemory.Free(inner);
        state.Batch.Dispose();
        array->PrivateData = null;
        array->Release = null;
        Handles.Freed();
    }

    private static StreamState State(NativeStream* stream) => (StreamState)GCHandle.FromIntPtr((nint)stream->PrivateData).Target!;

    private sealed record BatchState(nint Inner, RecordBatch Batch);

    private sealed class StreamState(IArrowArrayStream source) : IDisposable
    {
        public IArrowArrayStream Source { get; } = source;

        public byte* LastError { get; private set; }

        public AdbcError* Error { get; private set; }

        public AdbcStatus Status { get; private set; }

        public int Fail(Exception failure)
        {
            var adbc = AdbcException.From(failure);
            Clear();
            // Quiver.Data's messages already lead with the SQLSTATE.
            var message = adbc.SqlState.Length == 5 && !adbc.Message.StartsWith(adbc.SqlState, StringComparison.Ordinal)
                ? $"{adbc.SqlState}: {adbc.Message}"
                : adbc.Message;
            LastError = Utf8.Allocate(message);
            Error = (AdbcError*)NativeMemory.AllocZeroed((nuint)sizeof(AdbcError));
            Error->Message = Utf8.Allocate(adbc.Message);
            Error->VendorCode = AdbcError.VendorCodePrivateData;
            var state = Encoding.ASCII.GetBytes(adbc.SqlState.Length == 5 ? adbc.SqlState : "\0\0\0\0\0");
            for (var i = 0; i < 5; i++)
            {
                Error->SqlState[i] = state[i];
            }

            Status = adbc.Status;
            return adbc.Status == AdbcStatus.Cancelled ? ECANCELED : EIO;
        }

        public void Dispose()
        {
            Clear();
            Source.Dispose();
        }

        private void Clear()
        {
            if (LastError is not null)
            {
                Utf8.Free(LastError);
                LastError = null;
            }

            if (Error is not null)
            {
                Utf8.Free(Error->Message);
                NativeMemory.Free(Error);
                Error = null;
            }
        }
    }
}

/// <summary>struct ArrowArrayStream (the C stream interface).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeStream
{
    public delegate* unmanaged<NativeStream*, CArrowSchema*, int> GetSchema;
    public delegate* unmanaged<NativeStream*, NativeArray*, int> GetNext;
    public delegate* unmanaged<NativeStream*, byte*> GetLastError;
    public delegate* unmanaged<NativeStream*, void> Release;
    public void* PrivateData;
}

/// <summary>struct ArrowArray (the C data interface).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeArray
{
    public long Length;
    public long NullCount;
    public long Offset;
    public long BufferCount;
    public long ChildCount;
    public void** Buffers;
    public NativeArray** Children;
    public NativeArray* Dictionary;
    public delegate* unmanaged<NativeArray*, void> Release;
    public void* PrivateData;
}
