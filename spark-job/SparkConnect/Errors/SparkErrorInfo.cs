using System.Text.Json;
using Grpc.Core;

namespace Handoff.SparkJob.SparkConnect.Errors;

/// <summary>
/// What a Spark Connect server says about a failed call in the <c>grpc-status-details-bin</c>
/// trailer: a google.rpc.Status whose ErrorInfo detail has the exception class in <c>reason</c>
/// and, in its metadata, <c>classes</c> (JSON array; Spark 3.5 and 4.x), <c>errorClass</c>,
/// <c>sqlState</c> and <c>errorId</c> (Spark 4.x). Sources: Spark's ErrorUtils.buildStatusFromThrowable
/// (sql/connect/server/.../utils/ErrorUtils.scala, branch-3.5 and 4.x) and PySpark's
/// convert_exception (python/pyspark/errors/exceptions/connect.py).
/// </summary>
public sealed record SparkErrorInfo(string Message, string? Reason, string? ErrorClass, string? SqlState, IReadOnlyList<string> Classes, string? ErrorId)
{
    public const string StatusDetailsTrailer = "grpc-status-details-bin";

    private const string ErrorInfoTypeUrl = "type.googleapis.com/google.rpc.ErrorInfo";

    /// <summary>The status and its ErrorInfo; null when the call carried no (readable) status details.</summary>
    public static SparkErrorInfo? Read(RpcException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var bytes = error.Trailers.GetValueBytes(StatusDetailsTrailer);
        if (bytes is null)
        {
            return null;
        }

        Rpc.Status status;
        try
        {
            status = Rpc.Status.Parser.ParseFrom(bytes);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            // A malformed detail must not hide the status itself.
            return null;
        }

        var message = string.IsNullOrWhiteSpace(status.Message) ? error.Status.Detail : status.Message;
        var any = status.Details.FirstOrDefault(d => d.TypeUrl == ErrorInfoTypeUrl);
        if (any is null)
        {
            return new SparkErrorInfo(message, null, null, null, [], null);
        }

        Rpc.ErrorInfo info;
        try
        {
            info = any.Unpack<Rpc.ErrorInfo>();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return new SparkErrorInfo(message, null, null, null, [], null);
        }

        var classes = ParseClasses(info.Metadata.GetValueOrDefault("classes")) ?? (info.Reason.Length > 0 ? [info.Reason] : []);
        return new SparkErrorInfo(
            message,
            NonEmpty(info.Reason),
            NonEmpty(info.Metadata.GetValueOrDefault("errorClass")),
            NonEmpty(info.Metadata.GetValueOrDefault("sqlState")),
            classes,
            NonEmpty(info.Metadata.GetValueOrDefault("errorId")));
    }

    private static string[]? ParseClasses(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<string[]>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
