using Grpc.Core;
using Handoff.SparkJob.SparkConnect.Errors;

namespace Handoff.SparkJob.SparkConnect.Execution;

/// <summary>
/// Which failed calls may be tried again, and which mean "the server never saw this operation".
/// Follows PySpark's DefaultPolicy.can_retry (apache/spark python/pyspark/sql/connect/client/retries.py @ 8ba8566) and
/// ExecutePlanResponseReattachableIterator._call_iter (reattach.py).
/// </summary>
internal static class RetryableErrors
{
    private const string RetryInfoTypeUrl = "type.googleapis.com/google.rpc.RetryInfo";

    /// <summary>UNAVAILABLE; INVALID_CURSOR.DISCONNECTED (another RPC took over the operation's stream); a server that attached RetryInfo.</summary>
    public static bool IsRetryable(RpcException error) =>
        error.StatusCode == StatusCode.Unavailable
        || (error.StatusCode == StatusCode.Internal && error.Status.Detail.Contains("INVALID_CURSOR.DISCONNECTED", StringComparison.Ordinal))
        || HasRetryInfo(error);

    /// <summary>
    /// A result stream that broke in transport (no Spark error attached) can be resumed with
    /// ReattachExecute: reattaching never runs the operation again.
    /// </summary>
    public static bool IsBrokenStream(RpcException error) =>
        IsRetryable(error) || (error.StatusCode is StatusCode.Internal or StatusCode.Unknown && error.Trailers.GetValueBytes(SparkErrorInfo.StatusDetailsTrailer) is null);

    /// <summary>The server does not know the operation (or its session): the ExecutePlan never reached it.</summary>
    public static bool IsOperationNotFound(RpcException error) =>
        Mentions(error, "INVALID_HANDLE.OPERATION_NOT_FOUND") || Mentions(error, "INVALID_HANDLE.SESSION_NOT_FOUND");

    private static bool Mentions(RpcException error, string errorClass) =>
        error.Status.Detail.Contains(errorClass, StringComparison.Ordinal)
        || (SparkErrorInfo.Read(error) is { } info && ((info.ErrorClass?.StartsWith(errorClass, StringComparison.Ordinal) ?? false) || info.Message.Contains(errorClass, StringComparison.Ordinal)));

    private static bool HasRetryInfo(RpcException error)
    {
        var bytes = error.Trailers.GetValueBytes(SparkErrorInfo.StatusDetailsTrailer);
        if (bytes is null)
        {
            return false;
        }

        try
        {
            return Rpc.Status.Parser.ParseFrom(bytes).Details.Any(d => d.TypeUrl == RetryInfoTypeUrl);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return false;
        }
    }
}
