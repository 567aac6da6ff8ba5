using System.Buffers;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Grpc.Core;
using Quiver.Protocol.V1;

namespace Quiver.Protocol.Grpc;

/// <summary>
/// Receives <see cref="ExecuteEvent"/>s so that a result batch's Arrow payload lands in one pooled buffer instead of
/// the new array protobuf's parser copies every <c>bytes</c> field into. Measured (bench <c>grpc</c>, 2026-12-02):
/// 1 MiB messages streamed 3.0x faster into pooled buffers than through protobuf's parse, with 0.17 MB instead of 2.1 MB
/// allocated per message. The consumer hands each batch back with <see cref="Return"/> once nothing reads its bytes.
/// </summary>
public static class PooledBatches
{
    // A batch's pooled buffer, for Return; batches that were never handed back are simply collected.
    private static readonly ConditionalWeakTable<ResultBatch, byte[]> Buffers = [];

    /// <summary>The marshaller: requests as protobuf writes them, events with pooled batch payloads.</summary>
    public static readonly Marshaller<ExecuteEvent> EventMarshaller = Marshallers.Create(
        (Action<ExecuteEvent, SerializationContext>)((message, context) =>
        {
            context.SetPayloadLength(message.CalculateSize());
            message.WriteTo(context.GetBufferWriter());
            context.Complete();
        }),
        (Func<DeserializationContext, ExecuteEvent>)Parse);

    /// <summary>
    /// Gives <paramref name="batch"/>'s buffer back to the pool: call it only when no view into its
    /// <see cref="ResultBatch.ArrowMessages"/> is read any more. Batches not received pooled are left alone.
    /// </summary>
    public static void Return(ResultBatch? batch)
    {
        if (batch is not null && Buffers.TryGetValue(batch, out var buffer) && Buffers.Remove(batch))
        {
            batch.ArrowMessages = ByteString.Empty;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ExecuteEvent Parse(DeserializationContext context) => Parse(context.PayloadAsReadOnlySequence());

    /// <summary>An encoded <see cref="ExecuteEvent"/>, its batch payload (if any) in a pooled buffer as the marshaller receives it.</summary>
    public static ExecuteEvent Parse(ReadOnlySequence<byte> payload)
    {
        var length = checked((int)payload.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        payload.CopyTo(buffer);
        return Parse(buffer, 0, length);
    }

    /// <summary>
    /// An encoded <see cref="ExecuteEvent"/> at <paramref name="offset"/> of <paramref name="buffer"/>, a buffer rented
    /// from <see cref="ArrayPool{T}.Shared"/> that becomes the event's: a batch's payload stays in it (no copy) until
    /// <see cref="Return"/>; for any other event it goes back to the pool at once.
    /// </summary>
    public static ExecuteEvent Parse(byte[] buffer, int offset, int length)
    {
        if (BatchLayout.TryRead(buffer.AsSpan(offset, length), out var layout))
        {
            var batch = new ResultBatch
            {
                StatementIndex = layout.StatementIndex,
                RowOffset = layout.RowOffset,
                RowCount = layout.RowCount,
                ArrowMessages = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(offset + layout.DataOffset, layout.DataLength)),
            };
            Buffers.AddOrUpdate(batch, buffer);
            return new ExecuteEvent { Sequence = layout.Sequence, Batch = batch };
        }

        // Every other event (small, rare) and anything unusual goes through protobuf's own parser.
        try
        {
            return ExecuteEvent.Parser.ParseFrom(buffer, offset, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
