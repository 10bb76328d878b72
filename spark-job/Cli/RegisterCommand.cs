using System.CommandLine;
using System.Text.Json.Nodes;
using Handoff.Shared.Cli;
using Handoff.Shared.Databricks;
using Handoff.Shared.Databricks.Config;
using Handoff.Shared.Databricks.Sql;
using Handoff.SparkJob.Catalog;
using Handoff.SparkJob.Output;

namespace Handoff.SparkJob.Cli;

/// <summary><c>spark-job register</c>: make a Delta table on Blob Storage visible in Unity Catalog through a SQL warehouse, idempotently.</summary>
internal static class RegisterCommand
{
    public static Command Create(CliConsole console, SparkJobEnvironment environment)
    {
        var table = new Option<string>("--table") { Description = "The Delta table's location: abfss://<container>@<account>.dfs.core.windows.net/<path> (the embedded engine's --table, in its abfss:// form). It must be inside a Unity Catalog external location you may create tables in.", HelpName = "ABFSS_URL", Required = true };
        var name = new Option<string>("--name") { Description = "The Unity Catalog name to register it as: catalog.schema.table (quote a part holding a dot with backticks).", HelpName = "CATALOG.SCHEMA.TABLE", Required = true };
        var warehouse = new Option<string>("--warehouse-id") { Description = "The SQL warehouse that runs the statements (its id, from the warehouse's Connection details).", HelpName = "ID", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the statements and return: nothing is sent, and no credentials are needed." };
        var timeout = new Option<string?>("--timeout") { Description = "How long each statement may take, the warehouse's start-up included (default 20m, as the Databricks SDK waits); a statement still running then is cancelled.", HelpName = "DURATION" };
        var host = new Option<string?>("--host") { Description = "The workspace URL (default: $DATABRICKS_HOST or the profile's host). Credentials as for the Databricks commands: DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID/SECRET, ARM_*, or the profile.", HelpName = "URL" };
        var hostAlias = new Option<string?>("--databricks-host") { Description = "Old spelling of --host.", HelpName = "URL", Hidden = true };
        var profile = new Option<string?>("--profile") { Description = "The ~/.databrickscfg profile (default: $DATABRICKS_CONFIG_PROFILE, else [__settings__] default_profile, else DEFAULT).", HelpName = "NAME" };
        var json = JsonOption.Create();
        var command = new Command("register",
            "Register a Delta table that is on Azure storage (written by the embedded engine, for example) as a Unity Catalog external table, with no cluster: through the SQL Statement Execution API on a SQL warehouse, " +
            "DESCRIBE DETAIL, then, only when no table has the name, CREATE TABLE IF NOT EXISTS <name> USING DELTA LOCATION '<table>', polled until it ends. " +
            "Running it again changes nothing; a table of that name at another location, or that is not a Delta table, is an error (exit 2) and is left as it is.\n" + ExitCodes.Describe(ExitCodes.StorageError, ExitCodes.RunFailed));
        foreach (var option in new Option[] { table, name, warehouse, dryRun, timeout, host, hostAlias, profile, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            try
            {
                var target = RegistrationArguments.Parse(parse.GetValue(name)!, parse.GetValue(table)!);
                var warehouseId = parse.GetValue(warehouse)!.Trim() is { Length: > 0 } id ? id : throw new UsageException("--warehouse-id is empty");
                if (parse.GetValue(dryRun))
                {
                    await WriteDryRunAsync(console, target, warehouseId, asJson);
                    return ExitCodes.Ok;
                }

                var config = DatabricksConfigResolver.Resolve(new DatabricksConfigRequest
                {
                    Host = parse.GetValue(host) ?? parse.GetValue(hostAlias),
                    HostSource = parse.GetValue(host) is null && parse.GetValue(hostAlias) is not null ? hostAlias.Name : host.Name,
                    Profile = parse.GetValue(profile),
                    ProfileSource = profile.Name,
                    Environment = environment.GetVariable,
                });
                using var client = DatabricksClient.FromConfig(config, environment.Databricks);
                var wait = environment.SqlStatements with
                {
                    Timeout = DurationArgument.Parse(parse.GetValue(timeout), timeout.Name) ?? environment.SqlStatements.Timeout,
                    OnProgress = progress => console.Error.WriteLine(progress.Describe()),
                };
                var result = await new TableRegistration(client.Statements, warehouseId, wait).RegisterAsync(target, cancellationToken);
                await WriteAsync(console, result, warehouseId, asJson);
                return ExitCodes.Ok;
            }
            catch (Exception error)
            {
                return ErrorReport.Write(error, asJson, console, SparkJobErrors.Classify, SparkJobErrors.Describe);
            }
        });
        return command;
    }

    private static async Task WriteAsync(CliConsole console, RegistrationResult result, string warehouseId, bool json)
    {
        var target = result.Target;
        if (json)
        {
            await console.Out.WriteLineAsync(new JsonObject
            {
                ["name"] = target.DisplayName,
                ["location"] = target.Location,
                ["warehouseId"] = warehouseId,
                ["action"] = result.Created ? "created" : "unchanged",
                ["statements"] = new JsonArray(result.Statements.Select(s => (JsonNode)new JsonObject { ["sql"] = s.Sql, ["statementId"] = s.StatementId, ["state"] = s.State }).ToArray()),
            }.ToJsonString());
            return;
        }

        await console.Out.WriteLineAsync(result.Created
            ? $"registered {target.DisplayName} at {target.Location} (warehouse {warehouseId})"
            : $"{target.DisplayName} is already registered at {target.Location}; nothing changed");
    }

    private static async Task WriteDryRunAsync(CliConsole console, RegistrationTarget target, string warehouseId, bool json)
    {
        var describe = TableRegistration.DescribeStatement(target);
        var create = TableRegistration.CreateStatement(target);
        if (json)
        {
            await console.Out.WriteLineAsync(new JsonObject
            {
                ["dryRun"] = true,
                ["name"] = target.DisplayName,
                ["location"] = target.Location,
                ["warehouseId"] = warehouseId,
                ["method"] = "POST",
                ["path"] = "/api/2.0/sql/statements",
                ["statements"] = new JsonArray(describe, create),
            }.ToJsonString());
            return;
        }

        await console.Error.WriteLineAsync($"POST /api/2.0/sql/statements on warehouse {warehouseId}, each polled until it ends:");
        await console.Out.WriteLineAsync(describe);
        await console.Error.WriteLineAsync("then, only when no table has that name (and DESCRIBE DETAIL again to check its location):");
        await console.Out.WriteLineAsync(create);
    }
}
