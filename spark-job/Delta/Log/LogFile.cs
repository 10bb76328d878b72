using System.Globalization;
using System.Text.RegularExpressions;

namespace Handoff.SparkJob.Delta.Log;

/// <summary>A commit or checkpoint file found in <c>_delta_log/</c>. <see cref="Path"/> is relative to the table root.</summary>
public sealed partial record LogFile(string Path, long Version, LogFileKind Kind, long Size, int Part = 0, int Parts = 0)
{
    public const string LogFolder = "_delta_log";

    public string Name => Path[(Path.LastIndexOf('/') + 1)..];

    public bool IsJson => Path.EndsWith(".json", StringComparison.Ordinal);

    /// <summary>The path of the commit file of <paramref name="version"/>.</summary>
    public static string CommitPath(long version) => $"{LogFolder}/{Pad(version)}.json";

    /// <summary>The path of the classic checkpoint of <paramref name="version"/>.</summary>
    public static string ClassicCheckpointPath(long version) => $"{LogFolder}/{Pad(version)}.checkpoint.parquet";

    public static string Pad(long version) => version.ToString("D20", CultureInfo.InvariantCulture);

    /// <summary>Recognises commit and checkpoint names; null for anything else (.crc, _last_checkpoint, compactions, temp files).</summary>
    public static LogFile? TryParse(string path, long size)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var match = Pattern().Match(name);
        if (!match.Success)
        {
            return null;
        }

        var version = long.Parse(match.Groups["v"].Value, CultureInfo.InvariantCulture);
        if (match.Groups["commit"].Success)
        {
            return new LogFile(path, version, LogFileKind.Commit, size);
        }

        if (match.Groups["classic"].Success)
        {
            return new LogFile(path, version, LogFileKind.ClassicCheckpoint, size);
        }

        if (match.Groups["part"].Success)
        {
            var part = int.Parse(match.Groups["part"].Value, CultureInfo.InvariantCulture);
            var parts = int.Parse(match.Groups["parts"].Value, CultureInfo.InvariantCulture);
            return part >= 1 && part <= parts ? new LogFile(path, version, LogFileKind.MultiPartCheckpoint, size, part, parts) : null;
        }

        return new LogFile(path, version, LogFileKind.UuidCheckpoint, size);
    }

    [GeneratedRegex(@"^(?<v>\d{20})\.(?:(?<commit>json)|checkpoint\.(?:(?<classic>parquet)|(?<part>\d{10})\.(?<parts>\d{10})\.parquet|(?<uuid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\.(?:json|parquet)))$")]
    private static partial Regex Pattern();
}
