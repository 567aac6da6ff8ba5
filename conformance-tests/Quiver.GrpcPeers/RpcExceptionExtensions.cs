using Grpc.Core;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.GrpcPeers;

/// <summary>What the tests read from a failed call: the status message and the quiver-error-bin error.</summary>
public static class RpcExceptionExtensions
{
    extension(RpcException failure)
    {
        /// <summary>grpc-message.</summary>
        public string Detail => failure.Status.Detail;

        /// <summary>The structured error from quiver-error-bin, if the server sent one.</summary>
        public Error? Error => ErrorTrailer.Read(failure);
    }
}
