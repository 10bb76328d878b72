using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Handoff.Shared.Databricks.Http;
using Handoff.Shared.Databricks.Jobs;
using Handoff.Shared.Cli;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Handoff.Exporter.Databricks.Schedule;

/// <summary>
/// Reads <c>--from job.json|job.yml</c>: a job definition whose keys are the Jobs API's own
/// names, either the settings object itself or a Databricks Asset Bundle file
/// (<c>resources: jobs: &lt;key&gt;: {...}</c>). Syntax errors name the line and column.
/// </summary>
public static partial class JobDefinitionFile
{
    public static JobSettings Read(string file, string? jobName)
    {
        if (!File.Exists(file))
        {
            throw new UsageException($"--from {file}: no such file");
        }

        var text = File.ReadAllText(file);
        var root = Path.GetExtension(file).ToLowerInvariant() is ".yml" or ".yaml" ? ParseYaml(file, text) : ParseJson(file, text);
        if (root is not JsonObject settings)
        {
            throw new UsageException($"--from {file}: must hold a job definition object (Jobs API JobSettings: name, tasks, job_clusters, ...)");
        }

        settings = FromBundle(file, settings, jobName);
        try
        {
            return settings.Deserialize<JobSettings>(DatabricksJson.Options) ?? throw new UsageException($"--from {file}: empty job definition");
        }
        catch (JsonException error)
        {
            throw new UsageException($"--from {file}: {error.Path}: {error.Message.Split(" Path:")[0]}");
        }
    }

    /// <summary>In an Asset Bundle file, the job under resources.jobs: the only one, or the one named <paramref name="jobName"/>.</summary>
    private static JsonObject FromBundle(string file, JsonObject root, string? jobName)
    {
        if (root["resources"] is not JsonObject resources || resources["jobs"] is not JsonObject jobs)
        {
            return root;
        }

        var candidates = jobs.Where(p => p.Value is JsonObject).Select(p => (Key: p.Key, Job: (JsonObject)p.Value!)).ToList();
        if (candidates.Count == 1)
        {
            return candidates[0].Job;
        }

        var named = candidates.Where(c => c.Key == jobName || (c.Job["name"] is JsonValue v && v.TryGetValue<string>(out var n) && n == jobName)).ToList();
        return named.Count == 1
            ? named[0].Job
            : throw new UsageException($"--from {file}: resources.jobs has {candidates.Count} jobs ({string.Join(", ", candidates.Select(c => c.Key))}); none or several match --name '{jobName}'");
    }

    private static JsonNode? ParseJson(string file, string text)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException error)
        {
            throw new UsageException($"--from {file}: not valid JSON at line {(error.LineNumber ?? 0) + 1}, column {(error.BytePositionInLine ?? 0) + 1}: {JsonErrorText.Of(error)}");
        }
    }

    private static JsonNode? ParseYaml(string file, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException error)
        {
            throw new UsageException($"--from {file}: not valid YAML at line {error.Start.Line}, column {error.Start.Column}: {error.Message.Split(new[] { "): " }, 2, StringSplitOptions.None).Last()}");
        }

        return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? string.Empty, ToJson(p.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new UsageException($"unsupported YAML node at line {node.Start.Line}"),
    };

    /// <summary>Plain scalars get YAML 1.2 core types (null, booleans, numbers); quoted ones stay strings.</summary>
    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(value.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(value);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
