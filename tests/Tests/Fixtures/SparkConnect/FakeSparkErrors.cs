using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Handoff.SparkJob.SparkConnect.Rpc;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>Errors as a Spark Connect server sends them: INTERNAL with a google.rpc.Status whose ErrorInfo names the error class and SQLSTATE.</summary>
public static class FakeSparkErrors
{
    public static RpcException Spark(string errorClass, string sqlState, string message, string exceptionClass = "org.apache.spark.sql.AnalysisException")
    {
        var info = new ErrorInfo { Reason = exceptionClass, Domain = "org.apache.spark" };
        info.Metadata["classes"] = JsonSerializer.Serialize(new[] { exceptionClass, "java.lang.Exception", "java.lang.Throwable" });
        info.Metadata["errorClass"] = errorClass;
        info.Metadata["sqlState"] = sqlState;
        info.Metadata["messageParameters"] = "{}";
        var text = $"[{errorClass}] {message} SQLSTATE: {sqlState}";
        var status = new Handoff.SparkJob.SparkConnect.Rpc.Status { Code = (int)StatusCode.Internal, Message = text, Details = { Any.Pack(info) } };
        var trailers = new Metadata { { "grpc-status-details-bin", status.ToByteArray() } };
        return new RpcException(new Grpc.Core.Status(StatusCode.Internal, text), trailers);
    }

    public static RpcException Unavailable(string message = "the fake server is unavailable") => new(new Grpc.Core.Status(StatusCode.Unavailable, message));

    public static RpcException OperationNotFound(string operationId) =>
        Spark("INVALID_HANDLE.OPERATION_NOT_FOUND", "HY000", $"The handle {operationId} is invalid. Operation not found.", "org.apache.spark.SparkSQLException");
}
