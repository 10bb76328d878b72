using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Handoff.Shared.Input;
using Handoff.Shared.Databricks.Http;
using Handoff.Shared.Databricks.Jobs;

namespace Handoff.Exporter.Databricks.Schedule;

/// <summary>
/// Reads a job definition file (<c>schedule --from job.json|job.yml</c>): a job's settings with
/// the Jobs API's own keys (a <c>JobSettings</c> object), or a Databricks Asset Bundle file whose
/// <c>resources.jobs</c> holds the job. From a bundle file it translates what maps to the Jobs
/// API (the job itself, and a top-level <c>run_as</c> into the job's) and refuses the rest,
/// listing every problem with its key and line (<see cref="JobFileChecks"/>,
/// <see cref="BundleKeys"/>), so nothing the API would misread or the workspace would run
/// differently is sent.
/// </summary>
public static class JobDefinitionFile
{
    public static JobSettings Read(string file, string? jobName)
    {
        var tree = JobFileTree.Read(file);
        if (tree.Root is not JsonObject root)
        {
            throw Refused(file, "must hold a job definition object (Jobs API JobSettings: name, tasks, job_clusters, ...)");
        }

        var problems = new List<JobFileProblem>();
        var (job, jobPath) = root["resources"] is JsonObject ? FromBundle(file, root, jobName, problems) : (root, string.Empty);
        job = (JsonObject)job.DeepClone();
        if (jobPath.Length > 0 && root["run_as"] is JsonObject runAs && job["run_as"] is null)
        {
            job["run_as"] = runAs.DeepClone();
        }

        problems.AddRange(JobFileChecks.Check(job, jobPath));
        if (problems.Count > 0)
        {
            throw Refused(file, Describe(tree, problems));
        }

        try
        {
            return job.Deserialize<JobSettings>(DatabricksJson.Options) ?? throw Refused(file, "empty job definition");
        }
        catch (JsonException error)
        {
            var path = (error.Path ?? "$").TrimStart('$').TrimStart('.');
            var line = tree.LineOf(jobPath.Length == 0 ? path : $"{jobPath}.{path}");
            throw Refused(file, $"{(line is { } l ? $"line {l}: " : string.Empty)}{path}: {error.Message.Split(" Path:")[0]}");
        }
    }

    /// <summary>The job under resources.jobs (the only one, or the one named <paramref name="jobName"/>), and the bundle keys that cannot be sent.</summary>
    private static (JsonObject Job, string Path) FromBundle(string file, JsonObject root, string? jobName, List<JobFileProblem> problems)
    {
        foreach (var (key, _) in root)
        {
            if (BundleKeys.Translated.Contains(key) || BundleKeys.Ignored.Contains(key))
            {
                continue;
            }

            problems.Add(new JobFileProblem(key, BundleKeys.RootReason(key) ?? $"'{key}' is neither an Asset Bundle key schedule translates (resources, run_as) nor one it ignores (bundle)"));
        }

        var resources = (JsonObject)root["resources"]!;
        foreach (var (kind, _) in resources.Where(r => r.Key != "jobs"))
        {
            problems.Add(new JobFileProblem($"resources.{kind}", "schedule creates one job; other resources need 'databricks bundle deploy'"));
        }

        var candidates = (resources["jobs"] as JsonObject ?? []).Where(p => p.Value is JsonObject).Select(p => (Key: p.Key, Job: (JsonObject)p.Value!)).ToList();
        if (candidates.Count == 1)
        {
            return (candidates[0].Job, $"resources.jobs.{candidates[0].Key}");
        }

        var named = candidates.Where(c => c.Key == jobName || (c.Job["name"] is JsonValue v && v.TryGetValue<string>(out var n) && n == jobName)).ToList();
        return named.Count == 1
            ? (named[0].Job, $"resources.jobs.{named[0].Key}")
            : throw new InputArgumentException(
                $"{file}: resources.jobs has {candidates.Count} jobs ({string.Join(", ", candidates.Select(c => c.Key))}); none or several match the job name '{jobName}'",
                new NoJobMatchesName(file, [.. candidates.Select(c => c.Key)], jobName));
    }

    /// <summary>The file refused, in a message naming no option; the command line says it as <c>--from</c>'s.</summary>
    internal static InputArgumentException Refused(string file, string detail) => new($"{file}: {detail}", new JobFileRefused(file, detail));

    private static string Describe(JobFileTree tree, IReadOnlyList<JobFileProblem> problems)
    {
        var text = new StringBuilder($"{problems.Count} {(problems.Count == 1 ? "key does" : "keys do")} not fit the Jobs API:");
        foreach (var problem in problems.OrderBy(p => tree.LineOf(p.Path) ?? 0))
        {
            var line = tree.LineOf(problem.Path) is { } l ? $"line {l}: " : string.Empty;
            text.Append($"\n  {line}{problem.Path}: {problem.Reason}");
        }

        return text.ToString();
    }
}
