using System.Text.Json;
using Handoff.Shared.Databricks.Http;
using Handoff.Shared.Databricks.Jobs;
using Handoff.Shared.Input;

namespace Handoff.Exporter.Databricks.Schedule;

/// <summary>What <see cref="JobUpserter"/> did: "created", "updated" (jobs/reset) or "unchanged".</summary>
public sealed record UpsertResult(long JobId, string Action);

/// <summary>
/// Makes the workspace hold exactly one job of this name with these settings: creates it,
/// replaces its settings with <c>jobs/reset</c>, or, when they already match, makes no call
/// that changes anything. Running it twice changes nothing.
/// </summary>
public static class JobUpserter
{
    public static async Task<UpsertResult> UpsertAsync(JobsClient jobs, JobSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(settings);
        var name = settings.Name ?? throw new ArgumentException("the job settings have no name", nameof(settings));
        var matches = new List<Job>();
        await foreach (var job in jobs.ListAsync(name, cancellationToken))
        {
            // The API's name filter ignores case; "exact name" here means exactly.
            if (job.Settings?.Name == name)
            {
                matches.Add(job);
            }
        }

        if (matches.Count > 1)
        {
            throw new InputDataException($"{matches.Count} jobs are named '{name}' (job ids {string.Join(", ", matches.Select(j => j.JobId))}); delete or rename all but one, so schedule knows which to update");
        }

        if (matches.Count == 0)
        {
            return new UpsertResult(await jobs.CreateAsync(settings, cancellationToken), "created");
        }

        var jobId = matches[0].JobId;
        var current = await jobs.GetAsync(jobId, cancellationToken);
        var wanted = JsonSerializer.SerializeToNode(settings, DatabricksJson.Options);
        var actual = JsonSerializer.SerializeToNode(current.Settings, DatabricksJson.Options);
        if (JsonSubset.IsSubset(wanted, actual))
        {
            return new UpsertResult(jobId, "unchanged");
        }

        await jobs.ResetAsync(jobId, settings, cancellationToken);
        return new UpsertResult(jobId, "updated");
    }
}
