namespace Handoff.SparkJob.SparkConnect.Results;

/// <summary>
/// One column of a Spark schema. <paramref name="Type"/> is Spark's JSON type name, the
/// vocabulary of Delta's schemaString: "long", "integer", "decimal(18,2)", "timestamp",
/// "array&lt;string&gt;", "struct&lt;a:long&gt;", ...
/// </summary>
public sealed record SparkColumn(string Name, string Type, bool Nullable);
