using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Handoff.Shared.Databricks.Jobs.Fields;

namespace Handoff.Exporter.Databricks.Schedule;

/// <summary>Something in a job definition file that cannot go to the Jobs API: where it is, and why.</summary>
public sealed record JobFileProblem(string Path, string Reason);

/// <summary>
/// What a job definition must not carry to <c>jobs/create</c>, each found where it stands:
/// <list type="bullet">
/// <item>Asset Bundle syntax: <c>${…}</c> interpolation (databricks/cli bundle/config/variable),
/// which only <c>databricks bundle deploy</c> resolves; the Jobs API's own <c>{{…}}</c> references stay;</item>
/// <item>relative paths in the fields the CLI rewrites to workspace paths on deploy (databricks/cli
/// 7bbe2852, bundle/config/mutator/paths/job_paths_visitor.go and job_libraries_paths_visitor.go),
/// except in tasks that read their files from Git;</item>
/// <item>keys the Jobs API does not define (<see cref="JobsApiFields"/>, from the SDK's models).</item>
/// </list>
/// </summary>
public static partial class JobFileChecks
{
    /// <summary>Task fields that hold a path, relative to the task; the CLI's rewrite patterns.</summary>
    private static readonly string[][] TaskPathFields =
    [
        ["notebook_task", "notebook_path"],
        ["spark_python_task", "python_file"],
        ["dbt_task", "project_directory"],
        ["sql_task", "file", "path"],
        ["alert_task", "workspace_path"],
    ];

    private static readonly string[] LibraryPathFields = ["requirements", "whl", "jar"];

    /// <summary>Every problem in <paramref name="job"/>, whose own path in the file is <paramref name="jobPath"/>.</summary>
    public static IReadOnlyList<JobFileProblem> Check(JsonObject job, string jobPath)
    {
        var problems = new List<JobFileProblem>();
        Interpolations(job, jobPath, problems);
        foreach (var unknown in JobsApiFields.UnknownFields(job, JobsApiFields.JobSettings))
        {
            var key = unknown[(unknown.LastIndexOfAny(['.', ']']) + 1)..];
            problems.Add(new JobFileProblem(Join(jobPath, unknown), BundleKeys.JobReason(key) ?? $"'{key}' is not a field the Jobs API defines here"));
        }

        var gitSource = job["git_source"] is JsonObject;
        foreach (var (task, path) in Tasks(job, jobPath))
        {
            RelativePaths(task, path, gitSource, problems);
        }

        foreach (var (environment, index) in (job["environments"] as JsonArray ?? []).Select((e, i) => (e, i)))
        {
            foreach (var (dependency, d) in (environment?["spec"]?["dependencies"] as JsonArray ?? []).Select((e, i) => (e, i)))
            {
                if (Text(dependency) is { } text && IsLocalDependency(text))
                {
                    problems.Add(new JobFileProblem(Join(jobPath, $"environments[{index}].spec.dependencies[{d}]"), RelativeReason(text)));
                }
            }
        }

        return problems;
    }

    /// <summary>The job's tasks and, inside for-each tasks, the task they repeat.</summary>
    private static IEnumerable<(JsonObject Task, string Path)> Tasks(JsonObject job, string jobPath)
    {
        foreach (var (task, i) in (job["tasks"] as JsonArray ?? []).Select((t, i) => (t, i)))
        {
            if (task is not JsonObject obj)
            {
                continue;
            }

            var path = Join(jobPath, $"tasks[{i}]");
            yield return (obj, path);
            if (obj["for_each_task"]?["task"] is JsonObject inner)
            {
                yield return (inner, $"{path}.for_each_task.task");
            }
        }
    }

    private static void RelativePaths(JsonObject task, string taskPath, bool jobHasGitSource, List<JobFileProblem> problems)
    {
        foreach (var fields in TaskPathFields)
        {
            JsonNode? node = task;
            foreach (var field in fields)
            {
                node = node?[field];
            }

            var kind = task[fields[0]] as JsonObject;
            var fromGit = kind?["source"] is JsonValue source && Text(source) == "GIT" || (jobHasGitSource && Text(kind?["source"]) != "WORKSPACE");
            if (Text(node) is { } path && IsRelative(path) && !fromGit)
            {
                problems.Add(new JobFileProblem($"{taskPath}.{string.Join('.', fields)}", RelativeReason(path)));
            }
        }

        foreach (var (library, i) in (task["libraries"] as JsonArray ?? []).Select((l, i) => (l, i)))
        {
            foreach (var field in LibraryPathFields)
            {
                if (Text(library?[field]) is { } path && IsRelative(path))
                {
                    problems.Add(new JobFileProblem($"{taskPath}.libraries[{i}].{field}", RelativeReason(path)));
                }
            }
        }
    }

    private static void Interpolations(JsonNode? node, string path, List<JobFileProblem> problems)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    var child = Join(path, key);
                    if (Interpolation().IsMatch(key))
                    {
                        problems.Add(new JobFileProblem(child, InterpolationReason(key)));
                    }

                    Interpolations(value, child, problems);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Interpolations(array[i], $"{path}[{i}]", problems);
                }

                break;
            case JsonValue value when Text(value) is { } text && Interpolation().Match(text) is { Success: true } match:
                problems.Add(new JobFileProblem(path, InterpolationReason(match.Value)));
                break;
        }
    }

    /// <summary>A path that is neither absolute nor a URL (dbfs:/, s3://, abfss://, ...).</summary>
    private static bool IsRelative(string path) => path.Length > 0 && path[0] != '/' && !Scheme().IsMatch(path) && !path.StartsWith("{{", StringComparison.Ordinal);

    /// <summary>A dependency that names a local file (./dist/x.whl, -r requirements.txt), not a package spec (pandas==2.2).</summary>
    private static bool IsLocalDependency(string text)
    {
        var spec = text.StartsWith("-r ", StringComparison.Ordinal) ? text[3..].Trim() : text;
        return IsRelative(spec) && (spec.StartsWith('.') || spec.Contains('/', StringComparison.Ordinal) || spec.EndsWith(".whl", StringComparison.OrdinalIgnoreCase) || spec.EndsWith(".txt", StringComparison.OrdinalIgnoreCase));
    }

    private static string RelativeReason(string path) =>
        $"'{path}' is a relative path, which only 'databricks bundle deploy' turns into a workspace path; give the absolute path (/Workspace/..., /Volumes/...)";

    private static string InterpolationReason(string found) =>
        $"'{found}' is Asset Bundle interpolation, which only 'databricks bundle deploy' resolves; write the value itself";

    private static string Join(string path, string child) => path.Length == 0 ? child : $"{path}.{child}";

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    [GeneratedRegex(@"\$\{[^}]*\}?")]
    private static partial Regex Interpolation();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();
}
