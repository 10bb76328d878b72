using Grpc.Core;

namespace Handoff.SparkJob.SparkConnect.Errors;

/// <summary>
/// Whether a Spark error was caused by what the job was given (bad SQL, a missing table, data
/// that does not parse, credentials refused) or by the service, the same way for both server
/// generations: by SQLSTATE when the server sent one (Spark 4.x, or FetchErrorDetails), otherwise
/// by the exception classes a Spark 3.5 server sends, as PySpark maps them to its user-facing
/// exceptions (convert_exception in apache/spark python/pyspark/errors/exceptions/connect.py @ c865c09).
/// </summary>
public static class SparkErrorBlame
{
    // SQLSTATE classes that blame the input: 42 syntax or analysis (no such table, bad
    // identifier), 22 data (a malformed record), 23 constraints (NULL into NOT NULL), 0A
    // unsupported feature, 21 cardinality.
    private static readonly string[] InputSqlStateClasses = ["42", "22", "23", "0A", "21"];

    // The classes PySpark turns into AnalysisException/ParseException (Spark: SQLSTATE 42),
    // IllegalArgumentException/NumberFormatException, ArithmeticException, DateTimeException and
    // ArrayIndexOutOfBoundsException (22) and UnsupportedOperationException (0A). A subclass lists
    // its ancestors in "classes", so Delta's DeltaAnalysisException counts as AnalysisException.
    private static readonly string[] InputExceptionClasses =
    [
        "org.apache.spark.sql.AnalysisException",
        "java.lang.IllegalArgumentException",
        "java.lang.ArithmeticException",
        "java.time.DateTimeException",
        "java.lang.ArrayIndexOutOfBoundsException",
        "java.lang.UnsupportedOperationException",
    ];

    public static bool IsCausedByInput(SparkConnectException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.IsSessionChanged)
        {
            return false;
        }

        if (error.Status is StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.InvalidArgument or StatusCode.NotFound)
        {
            return true;
        }

        if (error.SqlState is { Length: >= 2 } state)
        {
            return InputSqlStateClasses.Contains(state[..2], StringComparer.OrdinalIgnoreCase);
        }

        return error.ExceptionClasses.Any(c => InputExceptionClasses.Contains(c, StringComparer.Ordinal));
    }
}
