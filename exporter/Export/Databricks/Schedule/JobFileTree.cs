using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Handoff.Shared.Databricks.Http;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Handoff.Exporter.Databricks.Schedule;

/// <summary>
/// A job definition file (JSON or YAML) as JSON, with the line each key and list item stands
/// on, so every complaint about the file can name its line. Paths are written
/// <c>resources.jobs.orders.tasks[0].notebook_task</c>. YAML plain scalars get the YAML 1.2 core
/// types (null, booleans, numbers); quoted ones stay strings.
/// </summary>
public sealed partial class JobFileTree
{
    private readonly Dictionary<string, int> _lines;

    private JobFileTree(string file, JsonNode? root, Dictionary<string, int> lines)
    {
        File = file;
        Root = root;
        _lines = lines;
    }

    public string File { get; }

    public JsonNode? Root { get; }

    /// <summary>The line of <paramref name="path"/>, or of its nearest parent that has one.</summary>
    public int? LineOf(string path)
    {
        for (var current = path; current.Length > 0; current = Parent(current))
        {
            if (_lines.TryGetValue(current, out var line))
            {
                return line;
            }
        }

        return null;
    }

    public static JobFileTree Read(string file)
    {
        if (!System.IO.File.Exists(file))
        {
            throw JobDefinitionFile.Refused(file, "no such file");
        }

        var text = System.IO.File.ReadAllText(file);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var root = Path.GetExtension(file).ToLowerInvariant() is ".yml" or ".yaml" ? ParseYaml(file, text, lines) : ParseJson(file, text, lines);
        return new JobFileTree(file, root, lines);
    }

    /// <summary>"a.b[2].c" → "a.b[2]" → "a.b" → "a" → "".</summary>
    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }

    private static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static JsonNode? ParseJson(string file, string text, Dictionary<string, int> lines)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException error)
        {
            throw JobDefinitionFile.Refused(file, $"not valid JSON at line {(error.LineNumber ?? 0) + 1}, column {(error.BytePositionInLine ?? 0) + 1}: {JsonErrorText.Of(error)}");
        }

        RecordJsonLines(Encoding.UTF8.GetBytes(text), lines);
        return root;
    }

    /// <summary>Walks the tokens once, noting the line of each property name and array item.</summary>
    private static void RecordJsonLines(byte[] utf8, Dictionary<string, int> lines)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var scopes = new Stack<(string Path, int NextIndex, bool IsArray)>();
        string? pendingKey = null;
        var line = 1;
        long counted = 0;
        while (reader.Read())
        {
            for (; counted < reader.TokenStartIndex; counted++)
            {
                if (utf8[counted] == (byte)'\n')
                {
                    line++;
                }
            }

            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                pendingKey = Child(scopes.Peek().Path, reader.GetString()!);
                lines.TryAdd(pendingKey, line);
                continue;
            }

            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                scopes.Pop();
                continue;
            }

            string here;
            if (pendingKey is not null)
            {
                here = pendingKey;
                pendingKey = null;
            }
            else if (scopes.Count > 0 && scopes.Peek().IsArray)
            {
                var scope = scopes.Pop();
                here = $"{scope.Path}[{scope.NextIndex.ToString(CultureInfo.InvariantCulture)}]";
                scopes.Push(scope with { NextIndex = scope.NextIndex + 1 });
                lines.TryAdd(here, line);
            }
            else
            {
                here = string.Empty;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                scopes.Push((here, 0, reader.TokenType == JsonTokenType.StartArray));
            }
        }
    }

    private static JsonNode? ParseYaml(string file, string text, Dictionary<string, int> lines)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException error)
        {
            throw JobDefinitionFile.Refused(file, $"not valid YAML at line {error.Start.Line}, column {error.Start.Column}: {error.Message.Split(["): "], 2, StringSplitOptions.None).Last()}");
        }

        return stream.Documents.Count == 0 ? null : ToJson(file, stream.Documents[0].RootNode, string.Empty, lines);
    }

    private static JsonNode? ToJson(string file, YamlNode node, string path, Dictionary<string, int> lines)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (keyNode, value) in map.Children)
                {
                    var key = keyNode is YamlScalarNode scalar ? scalar.Value ?? string.Empty
                        : throw JobDefinitionFile.Refused(file, $"line {keyNode.Start.Line}: a key must be a plain name");
                    var child = Child(path, key);
                    lines.TryAdd(child, (int)keyNode.Start.Line);
                    obj[key] = ToJson(file, value, child, lines);
                }

                return obj;
            case YamlSequenceNode list:
                var array = new JsonArray();
                for (var i = 0; i < list.Children.Count; i++)
                {
                    var child = $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]";
                    lines.TryAdd(child, (int)list.Children[i].Start.Line);
                    array.Add(ToJson(file, list.Children[i], child, lines));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw JobDefinitionFile.Refused(file, $"line {node.Start.Line}: unsupported YAML (anchors and aliases are not read)");
        }
    }

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
