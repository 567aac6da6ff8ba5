using Google.Protobuf;
using Quiver.Arrow;
using Quiver.Protocol.V1;
using Quiver.Server.Flight.Protocol;
using Quiver.Server.Grpc;

namespace Quiver.Server.Flight;

/// <summary>Where a Flight call's operation writes its events, and the error it ended with.</summary>
internal interface IOperationSink : IResponseSink<ExecuteEvent>
{
    Error? Error { get; }
}

/// <summary>
/// An operation's events as a Flight data stream: the first result set's schema and batches, each IPC message as one
/// FlightData (data_header = the flatbuffer Message, data_body = its body), viewing the bytes Quiver.Arrow encoded
/// rather than re-encoding them. A Flight stream has one schema, so later result sets are not sent.
/// </summary>
internal sealed class FlightDataSink(IResponseSink<FlightData> flight) : IOperationSink
{
    private bool _schemaSent;
    private bool _inFirstResult;
    private bool _firstResultDone;

    /// <summary>The operation's error, once it ended with one.</summary>
    public Error? Error { get; private set; }

    /// <summary>The most result bytes the server held for the operation at once (its OperationEnd's max_buffered_bytes).</summary>
    public ulong MaxBufferedBytes { get; private set; }

    /// <summary>Rows the statements changed (-1 when none reported a count).</summary>
    public long RowsAffected { get; private set; } = -1;

    public Task StartAsync() => flight.StartAsync();

    public async ValueTask WriteAsync(ExecuteEvent message, bool followedAtOnce = false)
    {
        switch (message.EventCase)
        {
            case ExecuteEvent.EventOneofCase.Group:
                foreach (var inner in message.Group.Events)
                {
                    await WriteAsync(inner, followedAtOnce: true);
                }

                break;
            case ExecuteEvent.EventOneofCase.ResultSetStart when !_firstResultDone:
                await WriteMessagesAsync(message.ResultSetStart.ArrowSchema, followedAtOnce);
                _schemaSent = true;
                _inFirstResult = true;
                break;
            case ExecuteEvent.EventOneofCase.Batch when _inFirstResult:
                await WriteMessagesAsync(message.Batch.ArrowMessages, followedAtOnce);
                break;
            case ExecuteEvent.EventOneofCase.ResultSetEnd:
                _firstResultDone |= _inFirstResult;
                _inFirstResult = false;
                if (message.ResultSetEnd.RowsAffected >= 0)
                {
                    RowsAffected = Math.Max(RowsAffected, 0) + message.ResultSetEnd.RowsAffected;
                }

                break;
            case ExecuteEvent.EventOneofCase.OperationEnd:
                Error = message.OperationEnd.Error;
                MaxBufferedBytes = message.OperationEnd.MaxBufferedBytes;
                break;
        }
    }

    /// <summary>A statement without a result set still gives the client a schema (without fields).</summary>
    public async Task FinishAsync()
    {
        if (!_schemaSent && Error is null)
        {
            await WriteMessagesAsync(FlightSchemas.Encode(new ArrowSchema([])), followedAtOnce: false);
            _schemaSent = true;
        }
    }

    private ValueTask WriteMessagesAsync(ByteString messages, bool followedAtOnce) => WriteMessagesAsync(flight, messages.Memory, followedAtOnce);

    /// <summary>Writes encapsulated IPC messages (no end-of-stream marker) as one FlightData each.</summary>
    public static async ValueTask WriteMessagesAsync(IResponseSink<FlightData> flight, ReadOnlyMemory<byte> bytes, bool followedAtOnce)
    {
        while (!bytes.IsEmpty)
        {
            var (metadata, body) = ArrowIpcFrames.Read(bytes, out var consumed);
            bytes = bytes[consumed..];
            // The views are written (serialized) before WriteAsync returns, while the event still owns the bytes.
            await flight.WriteAsync(
                new FlightData { DataHeader = UnsafeByteOperations.UnsafeWrap(metadata), DataBody = UnsafeByteOperations.UnsafeWrap(body) },
                followedAtOnce || !bytes.IsEmpty);
        }
    }
}
