using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Handoff.SparkJob.SparkConnect.Rpc;
using Spark.Connect;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>
/// The status a Spark Connect server sends for an error, after Spark's ErrorUtils
/// (sql/connect/server/.../utils/ErrorUtils.scala): INTERNAL with a google.rpc.Status whose message
/// is the exception's message cut to 2,048 characters and whose ErrorInfo has the exception class in
/// reason, "org.apache.spark" in domain and the class hierarchy in metadata "classes". A Spark 3.5
/// server stops there (branch-3.5 buildStatusFromThrowable); a 4.x server adds errorClass,
/// sqlState and messageParameters, and an errorId under which FetchErrorDetails returns the full
/// message and the cause chain (throwableToFetchErrorDetailsResponse, at most 5 errors).
/// </summary>
public static class FakeErrorStatus
{
    public const int MaxMessageLength = 2048;
    private const int MaxErrorChain = 5;

    public static RpcException ToRpc(FakeSparkException error, FakeServerProfile profile, FakeServerSessionState? session)
    {
        var info = new ErrorInfo { Reason = error.Classes[0], Domain = "org.apache.spark" };
        info.Metadata["classes"] = JsonSerializer.Serialize(error.Classes);
        if (profile.ErrorClassInErrorInfo)
        {
            info.Metadata["sqlState"] = error.SqlState;
            info.Metadata["errorClass"] = error.ErrorClass;
            info.Metadata["messageParameters"] = "{}";
        }

        if (profile.Spark4Rpcs && session is not null)
        {
            var errorId = Guid.NewGuid().ToString("D");
            session.Errors[errorId] = error;
            info.Metadata["errorId"] = errorId;
        }

        var text = Abbreviate(MessageOf(error, profile));
        var status = new Handoff.SparkJob.SparkConnect.Rpc.Status { Code = (int)StatusCode.Internal, Message = text, Details = { Any.Pack(info) } };
        var trailers = new Metadata { { "grpc-status-details-bin", status.ToByteArray() } };
        return new RpcException(new Grpc.Core.Status(StatusCode.Internal, text), trailers);
    }

    /// <summary>FetchErrorDetails: the error chain, root first; no root index for an unknown id (as Spark answers then).</summary>
    public static FetchErrorDetailsResponse Details(FakeSparkException? error, FakeServerProfile profile)
    {
        var response = new FetchErrorDetailsResponse();
        if (error is null)
        {
            return response;
        }

        var chain = new List<FakeSparkException>();
        for (var current = error; current is not null && chain.Count < MaxErrorChain; current = current.Cause)
        {
            chain.Add(current);
        }

        for (var i = 0; i < chain.Count; i++)
        {
            var item = new FetchErrorDetailsResponse.Types.Error
            {
                Message = MessageOf(chain[i], profile),
                ErrorTypeHierarchy = { chain[i].Classes },
                SparkThrowable = new FetchErrorDetailsResponse.Types.SparkThrowable { ErrorClass = chain[i].ErrorClass, SqlState = chain[i].SqlState },
            };
            if (i + 1 < chain.Count)
            {
                item.CauseIdx = i + 1;
            }

            response.Errors.Add(item);
        }

        response.RootErrorIdx = 0;
        return response;
    }

    /// <summary>"[CLASS] message" (3.5); Spark 4 appends " SQLSTATE: xxxxx" to a SparkThrowable's message.</summary>
    private static string MessageOf(FakeSparkException error, FakeServerProfile profile) =>
        profile.ErrorClassInErrorInfo ? $"[{error.ErrorClass}] {error.Text} SQLSTATE: {error.SqlState}" : $"[{error.ErrorClass}] {error.Text}";

    /// <summary>commons-lang3 StringUtils.abbreviate(text, 2048): at most 2,048 characters, the last three "...".</summary>
    private static string Abbreviate(string text) => text.Length <= MaxMessageLength ? text : text[..(MaxMessageLength - 3)] + "...";
}
