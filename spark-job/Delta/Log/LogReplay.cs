using Handoff.SparkJob.Delta.Actions;
using Handoff.SparkJob.Delta.Engine;
using Handoff.SparkJob.Delta.Errors;

namespace Handoff.SparkJob.Delta.Log;

/// <summary>Replays a <see cref="LogSegment"/> into a <see cref="TableState"/>: the checkpoint (with its sidecars), then each commit in order.</summary>
public static class LogReplay
{
    public const string SidecarFolder = LogFile.LogFolder + "/_sidecars";

    public static async Task<(TableState State, CommitInfo? LastCommitInfo)> ReplayAsync(IDeltaEngine engine, LogSegment segment, CancellationToken cancellationToken)
    {
        var state = new TableState(engine.Paths);
        if (segment.Checkpoint is { } checkpoint)
        {
            await LoadCheckpointAsync(engine, checkpoint, state, cancellationToken);
        }

        CommitInfo? commitInfo = null;
        foreach (var commit in segment.Commits)
        {
            commitInfo = null;
            await foreach (var action in ReadCommitAsync(engine, commit.Path, cancellationToken))
            {
                if (action is CommitInfo info)
                {
                    commitInfo = info;
                }
                else if (action is not SidecarFile and not CheckpointMetadata)
                {
                    state.Apply(action);
                }
            }
        }

        if (segment.Commits.Count == 0 && segment.CommitAtVersion is { } own)
        {
            commitInfo = await ReadCommitInfoAsync(engine, own.Path, cancellationToken);
        }

        return (state, commitInfo);
    }

    /// <summary>The commitInfo of one commit file, or null when it has none.</summary>
    public static async Task<CommitInfo?> ReadCommitInfoAsync(IDeltaEngine engine, string path, CancellationToken cancellationToken)
    {
        await foreach (var action in ReadCommitAsync(engine, path, cancellationToken))
        {
            if (action is CommitInfo info)
            {
                return info;
            }
        }

        return null;
    }

    /// <summary>The actions of one commit file, parsed line by line.</summary>
    public static async IAsyncEnumerable<IDeltaAction> ReadCommitAsync(IDeltaEngine engine, string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        await foreach (var line in engine.ReadLinesAsync(path, cancellationToken))
        {
            lineNumber++;
            if (ActionJsonReader.Parse(line, path, lineNumber) is { } action)
            {
                yield return action;
            }
        }
    }

    private static async Task LoadCheckpointAsync(IDeltaEngine engine, CheckpointFiles checkpoint, TableState state, CancellationToken cancellationToken)
    {
        var sidecars = new List<SidecarFile>();
        foreach (var file in checkpoint.Files)
        {
            var actions = file.IsJson
                ? ReadCommitAsync(engine, file.Path, cancellationToken)
                : engine.ReadCheckpointParquetAsync(file.Path, cancellationToken);
            await foreach (var action in actions)
            {
                if (action is SidecarFile sidecar)
                {
                    sidecars.Add(sidecar);
                }
                else
                {
                    state.Apply(action);
                }
            }
        }

        foreach (var sidecar in sidecars)
        {
            await foreach (var action in engine.ReadCheckpointParquetAsync(SidecarPath(engine, sidecar), cancellationToken))
            {
                if (action is AddFile or RemoveFile)
                {
                    state.Apply(action);
                }
            }
        }
    }

    private static string SidecarPath(IDeltaEngine engine, SidecarFile sidecar)
    {
        var name = FilePaths.ToObjectPath(sidecar.Path);
        name = name[(name.LastIndexOf('/') + 1)..];
        if (name.Length == 0)
        {
            throw new DeltaException(DeltaErrorKind.CorruptLog, $"a v2 checkpoint of {engine.TableLocation} names an empty sidecar path");
        }

        return $"{SidecarFolder}/{name}";
    }
}
