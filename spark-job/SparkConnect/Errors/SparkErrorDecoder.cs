using System.Text;
using Grpc.Core;
using Spark.Connect;

namespace Handoff.SparkJob.SparkConnect.Errors;

/// <summary>
/// Turns an <see cref="RpcException"/> into a <see cref="SparkConnectException"/>, from the status
/// details (<see cref="SparkErrorInfo"/>) and, when the server offered them, the error's details
/// from FetchErrorDetails: the full message (the status message is cut at 2,048 characters), the
/// cause chain, the error class and SQLSTATE. PySpark reads them the same way (convert_exception in
/// python/pyspark/errors/exceptions/connect.py: the root error's message replaces the truncated one).
/// </summary>
public static class SparkErrorDecoder
{
    public const string StatusDetailsTrailer = SparkErrorInfo.StatusDetailsTrailer;

    public static SparkConnectException Decode(RpcException error, string operation, SecretRedactor redactor, FetchErrorDetailsResponse? details = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(redactor);
        var info = SparkErrorInfo.Read(error);
        var root = details is { HasRootErrorIdx: true } && details.RootErrorIdx >= 0 && details.RootErrorIdx < details.Errors.Count ? details.Errors[details.RootErrorIdx] : null;

        var detail = root?.Message ?? info?.Message ?? error.Status.Detail;
        var errorClass = root?.SparkThrowable is { HasErrorClass: true } throwable ? throwable.ErrorClass : info?.ErrorClass;
        var sqlState = root?.SparkThrowable is { HasSqlState: true } withState ? withState.SqlState : info?.SqlState;
        IReadOnlyList<string> classes = root is { ErrorTypeHierarchy.Count: > 0 } ? [.. root.ErrorTypeHierarchy] : info?.Classes ?? [];
        var causes = root is null ? [] : Causes(details!, root);

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
        if (info is null)
        {
            message.Append($" (gRPC status {error.StatusCode})");
        }

        foreach (var cause in causes)
        {
            message.Append("; caused by ").Append(cause);
        }

        // The exception is not chained: its text repeats the server's message and, for transport
        // errors, the address, and we promise the message is free of secrets.
        return new SparkConnectException(redactor.Redact(message.ToString()), error.StatusCode, errorClass, sqlState, classes)
        {
            Causes = causes.Select(redactor.Redact).ToList(),
        };
    }

    /// <summary>The causes below the root, outermost first ("class: message"), following cause_idx without looping.</summary>
    private static List<string> Causes(FetchErrorDetailsResponse details, FetchErrorDetailsResponse.Types.Error root)
    {
        var causes = new List<string>();
        var seen = new HashSet<int> { details.RootErrorIdx };
        var current = root;
        while (current.HasCauseIdx && current.CauseIdx >= 0 && current.CauseIdx < details.Errors.Count && seen.Add(current.CauseIdx))
        {
            current = details.Errors[current.CauseIdx];
            var type = current.ErrorTypeHierarchy.FirstOrDefault() ?? "?";
            causes.Add($"{type}: {current.Message.Trim()}");
        }

        return causes;
    }
}
