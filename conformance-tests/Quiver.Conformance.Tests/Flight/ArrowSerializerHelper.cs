using Apache.Arrow;
using Apache.Arrow.Ipc;
using Google.Protobuf;

namespace Quiver.Conformance.Tests.Flight;

/// <summary>Schemas Flight SQL carries as IPC bytes, read with Apache.Arrow's own reader.</summary>
internal static class ArrowSerializerHelper
{
    public static Schema Schema(ByteString bytes)
    {
        var stream = new MemoryStream();
        bytes.WriteTo(stream);
        stream.Write([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]);
        using var reader = new ArrowStreamReader(stream.ToArray().AsMemory());
        return reader.Schema;
    }
}
