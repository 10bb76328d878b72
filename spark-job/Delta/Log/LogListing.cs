using Handoff.SparkJob.Delta.Engine;

namespace Handoff.SparkJob.Delta.Log;

/// <summary>The commits and checkpoints found in <c>_delta_log/</c>.</summary>
public sealed class LogListing
{
    private LogListing(SortedDictionary<long, LogFile> commits, List<LogFile> checkpointFiles)
    {
        Commits = commits;
        CheckpointFiles = checkpointFiles;
    }

    public SortedDictionary<long, LogFile> Commits { get; }

    public IReadOnlyList<LogFile> CheckpointFiles { get; }

    public bool IsEmpty => Commits.Count == 0 && CheckpointFiles.Count == 0;

    /// <summary>The newest version any commit or checkpoint describes; -1 when the log is empty.</summary>
    public long LatestVersion => Math.Max(
        Commits.Count == 0 ? -1 : Commits.Keys.Max(),
        CheckpointFiles.Count == 0 ? -1 : CheckpointFiles.Max(c => c.Version));

    public static async Task<LogListing> ReadAsync(IDeltaEngine engine, CancellationToken cancellationToken)
    {
        var commits = new SortedDictionary<long, LogFile>();
        var checkpoints = new List<LogFile>();
        await foreach (var item in engine.ListLogAsync(cancellationToken))
        {
            switch (LogFile.TryParse(item.Path, item.Size))
            {
                case { Kind: LogFileKind.Commit } commit:
                    commits[commit.Version] = commit;
                    break;
                case { } checkpoint:
                    checkpoints.Add(checkpoint);
                    break;
            }
        }

        return new LogListing(commits, checkpoints);
    }

    /// <summary>
    /// The complete checkpoints, newest first. A multi-part checkpoint is complete only with all
    /// its parts; at one version a single-file checkpoint is preferred to a multi-part one.
    /// </summary>
    public IEnumerable<CheckpointFiles> CompleteCheckpoints()
    {
        foreach (var atVersion in CheckpointFiles.GroupBy(c => c.Version).OrderByDescending(g => g.Key))
        {
            var classic = atVersion.FirstOrDefault(c => c.Kind == LogFileKind.ClassicCheckpoint);
            if (classic is not null)
            {
                yield return new CheckpointFiles(atVersion.Key, classic.Kind, [classic]);
                continue;
            }

            var uuid = atVersion.Where(c => c.Kind == LogFileKind.UuidCheckpoint).OrderBy(c => c.Path, StringComparer.Ordinal).FirstOrDefault();
            if (uuid is not null)
            {
                yield return new CheckpointFiles(atVersion.Key, uuid.Kind, [uuid]);
                continue;
            }

            var complete = atVersion
                .Where(c => c.Kind == LogFileKind.MultiPartCheckpoint)
                .GroupBy(c => c.Parts)
                .Select(g => g.GroupBy(c => c.Part).Select(p => p.First()).OrderBy(c => c.Part).ToList())
                .FirstOrDefault(parts => parts.Count == parts[0].Parts);
            if (complete is not null)
            {
                yield return new CheckpointFiles(atVersion.Key, LogFileKind.MultiPartCheckpoint, complete);
            }
        }
    }
}
