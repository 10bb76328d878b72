using Handoff.Shared.Databricks.Sql;
using Handoff.Shared.Input;
using Handoff.SparkJob.Engines.Spark;

namespace Handoff.SparkJob.Catalog;

/// <summary>
/// Registers a Delta table that is already on Blob Storage as a Unity Catalog external table,
/// through a SQL warehouse (no cluster): <c>DESCRIBE DETAIL</c> first, then, only when no table
/// has the name, <c>CREATE TABLE IF NOT EXISTS … USING DELTA LOCATION '…'</c>, and
/// <c>DESCRIBE DETAIL</c> again to see that the name now points at this location. So a second run
/// changes nothing, and a table of that name somewhere else, or not a Delta table, is an error
/// that leaves it as it is. DESCRIBE DETAIL's <c>format</c> and <c>location</c> columns are
/// delta-io/delta's <c>TableDetail</c> (spark/…/commands/DescribeDeltaDetailsCommand.scala @ 0118be09);
/// a missing table fails with Spark's TABLE_OR_VIEW_NOT_FOUND, SQLSTATE 42P01.
/// </summary>
public sealed class TableRegistration(StatementExecutionClient statements, string warehouseId, StatementWaitOptions wait)
{
    public const string NoSuchTableSqlState = "42P01";
    private const string NoSuchTableErrorClass = "[TABLE_OR_VIEW_NOT_FOUND]";

    public static string DescribeStatement(RegistrationTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return $"DESCRIBE DETAIL {target.SqlName}";
    }

    public static string CreateStatement(RegistrationTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return $"CREATE TABLE IF NOT EXISTS {target.SqlName} USING DELTA LOCATION {SparkSql.StringLiteral(target.Location)}";
    }

    public async Task<RegistrationResult> RegisterAsync(RegistrationTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var sent = new List<SentStatement>();
        var existing = await DescribeAsync(target, sent, cancellationToken);
        if (existing is not null)
        {
            EnsureSame(target, existing, "already exists");
            return new RegistrationResult(target, Created: false, sent);
        }

        var create = await RunAsync(CreateStatement(target), cancellationToken);
        sent.Add(new SentStatement(CreateStatement(target), create.StatementId, create.Status?.State));
        var now = await DescribeAsync(target, sent, cancellationToken)
            ?? throw new InvalidDataException($"{target.DisplayName} was created, but DESCRIBE DETAIL still does not find it");
        EnsureSame(target, now, "was created meanwhile by someone else");
        return new RegistrationResult(target, Created: true, sent);
    }

    /// <summary>The table's format and location, or null when no table has the name.</summary>
    private async Task<TableDetail?> DescribeAsync(RegistrationTarget target, List<SentStatement> sent, CancellationToken cancellationToken)
    {
        var sql = DescribeStatement(target);
        try
        {
            var response = await RunAsync(sql, cancellationToken);
            sent.Add(new SentStatement(sql, response.StatementId, response.Status?.State));
            var row = response.Rows().FirstOrDefault() ?? throw new InvalidDataException($"DESCRIBE DETAIL {target.DisplayName} returned no row");
            return new TableDetail(row.GetValueOrDefault("format"), row.GetValueOrDefault("location"));
        }
        catch (StatementFailedException failed) when (failed.SqlState == NoSuchTableSqlState || failed.ApiMessage?.Contains(NoSuchTableErrorClass, StringComparison.Ordinal) == true)
        {
            sent.Add(new SentStatement(sql, failed.StatementId, failed.State));
            return null;
        }
    }

    // Both statements are safe to send twice: a read, and a CREATE ... IF NOT EXISTS.
    private Task<StatementResponse> RunAsync(string sql, CancellationToken cancellationToken) =>
        statements.ExecuteAndWaitAsync(new ExecuteStatementRequest { Statement = sql, WarehouseId = warehouseId }, retrySafe: true, wait, cancellationToken);

    private static void EnsureSame(RegistrationTarget target, TableDetail detail, string how)
    {
        if (!string.Equals(detail.Format, "delta", StringComparison.OrdinalIgnoreCase))
        {
            throw new InputDataException($"{target.DisplayName} {how} and is not a Delta table (format {detail.Format ?? "unknown"}{(detail.Location is { } at ? $", at {at}" : string.Empty)}); nothing was changed");
        }

        if (!SameLocation(detail.Location, target.Location))
        {
            var problem = new TableAtAnotherLocation(target.DisplayName, how, detail.Location ?? "(none: a managed table)", target.Location);
            throw new InputDataException(problem.Say("choose another name"), problem);
        }
    }

    /// <summary>Scheme and account compare without case, the path exactly; a trailing slash does not count.</summary>
    public static bool SameLocation(string? registered, string wanted)
    {
        if (registered is null || !Uri.TryCreate(registered.TrimEnd('/'), UriKind.Absolute, out var a) || !Uri.TryCreate(wanted.TrimEnd('/'), UriKind.Absolute, out var b))
        {
            return false;
        }

        return string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(a.UserInfo, b.UserInfo, StringComparison.Ordinal)
            && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Uri.UnescapeDataString(a.AbsolutePath).TrimEnd('/'), Uri.UnescapeDataString(b.AbsolutePath).TrimEnd('/'), StringComparison.Ordinal);
    }

    private sealed record TableDetail(string? Format, string? Location);
}
