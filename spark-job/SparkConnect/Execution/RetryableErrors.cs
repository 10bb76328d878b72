using Grpc.Core;
using Handoff.SparkJob.SparkConnect.Errors;

namespace Handoff.SparkJob.SparkConnect.Execution;

/// <summary>Which failed calls may be tried again, and which mean "the server never saw this operation".</summary>
internal static class RetryableErrors
{
    private const string RetryInfoTypeUrl = "type.googleapis.com/google.rpc.RetryInfo";

    /// <summary>UNAVAILABLE, a server that attached RetryInfo (Spark 4), or a result cursor the server dropped.</summary>
    public static bool IsRetryable(RpcException error) =>
        error.StatusCode == StatusCode.Unavailable
        || HasRetryInfo(error)
        || error.Status.Detail.Contains("INVALID_CURSOR.DISCONNECTED", StringComparison.Ordinal);

    /// <summary>
    /// A result stream that broke in transport (no Spark error attached) can be resumed with
    /// ReattachExecute: reattaching never runs the operation again.
    /// </summary>
    public static bool IsBrokenStream(RpcException error) =>
        IsRetryable(error) || (error.StatusCode is StatusCode.Internal or StatusCode.Unknown && error.Trailers.GetValueBytes(SparkErrorDecoder.StatusDetailsTrailer) is null);

    /// <summary>The server does not know the operation id: the ExecutePlan never reached it.</summary>
    public static bool IsOperationNotFound(RpcException error) =>
        error.Status.Detail.Contains("INVALID_HANDLE.OPERATION_NOT_FOUND", StringComparison.Ordinal)
        || (ErrorClassOf(error)?.StartsWith("INVALID_HANDLE.OPERATION_NOT_FOUND", StringComparison.Ordinal) ?? false);

    private static bool HasRetryInfo(RpcException error) => Details(error)?.Details.Any(d => d.TypeUrl == RetryInfoTypeUrl) ?? false;

    private static string? ErrorClassOf(RpcException error)
    {
        var details = Details(error);
        var info = details?.Details.FirstOrDefault(d => d.TypeUrl.EndsWith("google.rpc.ErrorInfo", StringComparison.Ordinal));
        return info?.Unpack<Rpc.ErrorInfo>().Metadata.GetValueOrDefault("errorClass");
    }

    private static Rpc.Status? Details(RpcException error)
    {
        var bytes = error.Trailers.GetValueBytes(SparkErrorDecoder.StatusDetailsTrailer);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return Rpc.Status.Parser.ParseFrom(bytes);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
