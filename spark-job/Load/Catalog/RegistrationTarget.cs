using Handoff.SparkJob.Engines.Spark;

namespace Handoff.SparkJob.Catalog;

/// <summary>
/// What <c>spark-job register</c> makes visible in Unity Catalog: a three-part name
/// (catalog.schema.table) and the table's abfss:// location, quoted for SQL (identifiers in
/// backticks with backticks doubled, the location as a string literal with Spark's escapes:
/// <see cref="SparkSql"/>). The command line checks both, as it has the options they come from.
/// </summary>
public sealed record RegistrationTarget(SparkTableRef Name, string Location)
{
    /// <summary>"`main`.`sales`.`customers`".</summary>
    public string SqlName => Name.Sql;

    public string DisplayName => Name.Display;
}
