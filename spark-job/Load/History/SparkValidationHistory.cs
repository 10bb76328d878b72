using Handoff.Shared.Schema.Mappings;
using Handoff.SparkJob.Job;
using Handoff.SparkJob.Engines.Spark;
using Handoff.SparkJob.SparkConnect.Client;

namespace Handoff.SparkJob.History;

/// <summary>
/// The validation history kept through Spark: the same columns as
/// <see cref="ValidationHistory.Schema"/>, in a Delta table named beside the target
/// (<c>&lt;table&gt;_validation</c>), one INSERT per run with every value as an escaped literal.
/// </summary>
public sealed class SparkValidationHistory(SparkConnectClient client, SparkTableRef table) : IValidationHistory
{
    private bool _created;

    /// <summary>The history table beside a target: <c>&lt;name&gt;_validation</c> in the same schema, or <c>&lt;location&gt;_validation</c>.</summary>
    public static SparkTableRef TableFor(SparkTableRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Beside(ValidationHistory.Suffix, ValidationHistory.DefaultLocationFor);
    }

    public string Location => table.Display;

    public async Task AppendAsync(ValidationRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!_created)
        {
            await client.SqlAsync($"CREATE TABLE IF NOT EXISTS {table.Sql} ({SparkDdl.Columns(ValidationHistory.Schema)}) USING DELTA", cancellationToken);
            _created = true;
        }

        var report = run.Report;
        string[] values =
        [
            SparkSql.StringLiteral(Guid.NewGuid().ToString("N")),
            SparkSql.StringLiteral(report.ExportId),
            SparkSql.StringLiteral(report.Table),
            SparkSql.Literal(report.Version),
            SparkSql.StringLiteral(run.Engine),
            SparkSql.StringLiteral(run.Operation),
            SparkSql.StringLiteral(run.Mode),
            SparkSql.Literal(report.Passed),
            SparkSql.Literal(report.Checks.Count),
            SparkSql.Literal(report.FailedCount),
            SparkSql.Literal(run.StartedAt),
            SparkSql.Literal(run.FinishedAt),
            SparkSql.StringLiteral(report.ToJson()),
        ];
        await client.SqlAsync($"INSERT INTO {table.Sql} VALUES ({string.Join(", ", values)})", cancellationToken);
    }
}
