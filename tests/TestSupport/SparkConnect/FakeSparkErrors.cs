using Grpc.Core;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>
/// An error the fake's Spark raises, as a SparkThrowable carries it: error class, SQLSTATE,
/// message, the exception class and its ancestors, and a cause. The service turns it into the
/// status the server's mode sends (<see cref="FakeErrorStatus"/>), as Spark's ErrorUtils does.
/// </summary>
public sealed class FakeSparkException(string errorClass, string sqlState, string text, IReadOnlyList<string> classes, FakeSparkException? cause = null)
    : Exception($"[{errorClass}] {text}", cause)
{
    public string ErrorClass { get; } = errorClass;

    public string SqlState { get; } = sqlState;

    /// <summary>The message without the error class prefix.</summary>
    public string Text { get; } = text;

    /// <summary>The exception class, then its ancestors (Spark's ErrorUtils.allClasses).</summary>
    public IReadOnlyList<string> Classes { get; } = classes;

    public FakeSparkException? Cause { get; } = cause;
}

/// <summary>Errors as Spark raises them, and the transport failures the fake injects.</summary>
public static class FakeSparkErrors
{
    public const string AnalysisException = "org.apache.spark.sql.AnalysisException";

    // The ancestors of the exception classes the fake raises (Spark, Delta), most specific first,
    // ending with Exception and Throwable as ErrorUtils.allClasses lists them.
    private static readonly Dictionary<string, string[]> Ancestors = new(StringComparer.Ordinal)
    {
        ["org.apache.spark.sql.catalyst.parser.ParseException"] = [AnalysisException],
        ["org.apache.spark.sql.delta.DeltaAnalysisException"] = [AnalysisException],
        ["org.apache.spark.SparkSQLException"] = ["org.apache.spark.SparkException"],
        ["org.apache.spark.sql.delta.schema.DeltaInvariantViolationException"] = ["org.apache.spark.sql.delta.schema.InvariantViolationException", "java.lang.RuntimeException"],
        ["java.io.FileNotFoundException"] = ["java.io.IOException"],
    };

    public static FakeSparkException Spark(string errorClass, string sqlState, string message, string exceptionClass = AnalysisException, FakeSparkException? cause = null) =>
        new(errorClass, sqlState, message, HierarchyOf(exceptionClass), cause);

    public static RpcException Unavailable(string message = "the fake server is unavailable") => new(new Grpc.Core.Status(StatusCode.Unavailable, message));

    public static FakeSparkException OperationNotFound(string operationId) =>
        Spark("INVALID_HANDLE.OPERATION_NOT_FOUND", "HY000", $"The handle {operationId} is invalid. Operation not found.", "org.apache.spark.SparkSQLException");

    public static IReadOnlyList<string> HierarchyOf(string exceptionClass) =>
        [exceptionClass, .. Ancestors.GetValueOrDefault(exceptionClass) ?? [], "java.lang.Exception", "java.lang.Throwable"];
}
