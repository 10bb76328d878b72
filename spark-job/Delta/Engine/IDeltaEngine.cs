using Handoff.Shared.Formats.Parquet;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta.Actions;

namespace Handoff.SparkJob.Delta.Engine;

/// <summary>
/// All the I/O the Delta log code needs, and nothing else: listing and reading log files, the
/// put-if-absent commit, Parquet checkpoints and data file footers. The protocol logic (log
/// segment, replay, features, transactions) runs unchanged over any implementation, the same
/// split as delta-kernel-rs's Engine. Paths are relative to the table root and use '/'.
/// Implementations throw <see cref="Errors.DeltaException"/> for missing or unreadable files.
/// </summary>
public interface IDeltaEngine
{
    /// <summary>The table's location for messages (never carries a credential).</summary>
    string TableLocation { get; }

    /// <summary>The objects directly inside <c>_delta_log/</c> (not its sub-folders), in path order.</summary>
    IAsyncEnumerable<StoredObject> ListLogAsync(CancellationToken cancellationToken);

    /// <summary>The lines of a UTF-8 text file (a commit or a JSON checkpoint).</summary>
    IAsyncEnumerable<string> ReadLinesAsync(string path, CancellationToken cancellationToken);

    /// <summary>A small text file's content, or null when it does not exist.</summary>
    Task<string?> TryReadTextAsync(string path, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="content"/> only if nothing is at <paramref name="path"/>; false if something already is.</summary>
    Task<bool> PutIfAbsentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Writes or replaces a small file atomically (readers see the old or the new content).</summary>
    Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>The actions stored in a Parquet checkpoint, checkpoint part or sidecar file.</summary>
    IAsyncEnumerable<IDeltaAction> ReadCheckpointParquetAsync(string path, CancellationToken cancellationToken);

    /// <summary>Writes a Parquet checkpoint atomically; returns its size in bytes.</summary>
    Task<long> WriteCheckpointParquetAsync(string path, IReadOnlyCollection<IDeltaAction> actions, CancellationToken cancellationToken);

    /// <summary>The footer of a Parquet data file: its row count and column statistics, without reading data pages.</summary>
    Task<ParquetFooter> ReadParquetFooterAsync(string path, CancellationToken cancellationToken);

    /// <summary>Size and time of a file, or null when it does not exist.</summary>
    Task<StoredObject?> GetFileAsync(string path, CancellationToken cancellationToken);

    /// <summary>How add/remove paths resolve to object paths of this table; relative paths only unless the engine knows its table's location.</summary>
    TableFilePaths Paths => TableFilePaths.RelativeOnly;
}
