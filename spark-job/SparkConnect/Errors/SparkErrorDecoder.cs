using System.Text;
using System.Text.Json;
using Grpc.Core;

namespace Handoff.SparkJob.SparkConnect.Errors;

/// <summary>
/// Turns an <see cref="RpcException"/> into a <see cref="SparkConnectException"/>. Spark sends a
/// google.rpc.Status in the <c>grpc-status-details-bin</c> trailer whose ErrorInfo detail holds
/// the error class, SQLSTATE and exception classes in its metadata.
/// </summary>
public static class SparkErrorDecoder
{
    public const string StatusDetailsTrailer = "grpc-status-details-bin";

    private const string ErrorInfoTypeUrl = "type.googleapis.com/google.rpc.ErrorInfo";

    public static SparkConnectException Decode(RpcException error, string operation, SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(redactor);
        var detail = error.Status.Detail;
        var info = ReadErrorInfo(error.Trailers, ref detail);
        string? errorClass = null;
        string? sqlState = null;
        IReadOnlyList<string> classes = [];
        if (info is not null)
        {
            info.Metadata.TryGetValue("errorClass", out errorClass);
            info.Metadata.TryGetValue("sqlState", out sqlState);
            classes = ParseClasses(info.Metadata.GetValueOrDefault("classes")) ?? (info.Reason.Length > 0 ? [info.Reason] : []);
        }

        var message = new StringBuilder($"Spark {operation} failed");
        if (errorClass is not null)
        {
            message.Append($" [{errorClass}]");
        }

        if (sqlState is not null)
        {
            message.Append($" (SQLSTATE {sqlState})");
        }

        message.Append(": ");
        message.Append(string.IsNullOrWhiteSpace(detail) ? $"gRPC status {error.StatusCode}" : detail.Trim());
        if (errorClass is null && info is null)
        {
            message.Append($" (gRPC status {error.StatusCode})");
        }

        // The exception is not chained: its text repeats the server's message and, for transport
        // errors, the address, and we promise the message is free of secrets.
        return new SparkConnectException(redactor.Redact(message.ToString()), error.StatusCode, errorClass, sqlState, classes);
    }

    private static Rpc.ErrorInfo? ReadErrorInfo(Metadata trailers, ref string detail)
    {
        var bytes = trailers.GetValueBytes(StatusDetailsTrailer);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            var status = Rpc.Status.Parser.ParseFrom(bytes);
            if (!string.IsNullOrWhiteSpace(status.Message))
            {
                detail = status.Message;
            }

            var any = status.Details.FirstOrDefault(d => d.TypeUrl == ErrorInfoTypeUrl);
            return any?.Unpack<Rpc.ErrorInfo>();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            // A malformed detail must not hide the status itself.
            return null;
        }
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
}
