using Google.Protobuf;
using Quiver.Arrow;

namespace Quiver.Server.Flight;

/// <summary>Schemas as Flight carries them: an encapsulated IPC schema message.</summary>
internal static class FlightSchemas
{
    public static ByteString Encode(ArrowSchema schema)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        new ArrowIpcEncoder(schema).WriteSchema(output);
        return ByteString.CopyFrom(output.WrittenSpan);
    }
}
