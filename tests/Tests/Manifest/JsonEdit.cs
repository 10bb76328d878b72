using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace Handoff.Tests.Manifest;

/// <summary>Edits a JSON tree at a manifest field path such as "files[1].path", "files[0]" or "format.csv".</summary>
internal static partial class JsonEdit
{
    public static JsonObject Set(this JsonObject root, string path, JsonNode? value)
    {
        var (parent, step) = Parent(root, path);
        if (step.Index is { } index)
        {
            parent[step.Name]![index] = value;
        }
        else
        {
            parent[step.Name] = value;
        }

        return root;
    }

    public static JsonObject Without(this JsonObject root, string path)
    {
        var (parent, step) = Parent(root, path);
        Assert.Null(step.Index);
        Assert.True(parent.Remove(step.Name), $"no field {path} to remove");
        return root;
    }

    private static (JsonObject Parent, Step Last) Parent(JsonObject root, string path)
    {
        var steps = path.Split('.').Select(Parse).ToArray();
        JsonNode node = root;
        foreach (var step in steps[..^1])
        {
            node = step.Index is { } index ? node[step.Name]![index]! : node[step.Name]!;
        }

        return (node.AsObject(), steps[^1]);
    }

    private static Step Parse(string part)
    {
        var match = Indexed().Match(part);
        return match.Success
            ? new Step(match.Groups[1].Value, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : new Step(part, null);
    }

    [GeneratedRegex(@"^(\w+)\[(\d+)\]$")]
    private static partial Regex Indexed();

    private sealed record Step(string Name, int? Index);
}
