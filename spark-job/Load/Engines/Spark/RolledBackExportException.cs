using Handoff.SparkJob.Delta.Errors;

namespace Handoff.SparkJob.Engines.Spark;

/// <summary>
/// An export whose load a RESTORE rolled back, loaded again under the same stream: Delta still
/// counts its txn version as loaded and would skip it. A <see cref="DeltaException"/> as before
/// (same exit code); the command line says which option names another stream.
/// </summary>
public sealed class RolledBackExportException(string exportId, string table, long loadedVersion, long restoreVersion, string stream)
    : DeltaException(DeltaErrorKind.InvalidTransaction, Say(exportId, table, loadedVersion, restoreVersion, stream, $"for example '{stream}-reload'"))
{
    public string ExportId { get; } = exportId;

    public string Table { get; } = table;

    public long LoadedVersion { get; } = loadedVersion;

    public long RestoreVersion { get; } = restoreVersion;

    public string Stream { get; } = stream;

    /// <summary>A stream name to load it under instead.</summary>
    public string ReloadStream => $"{Stream}-reload";

    /// <summary>The sentence, with <paramref name="anotherStream"/> saying how to load under another stream.</summary>
    public string Say(string anotherStream) => Say(ExportId, Table, LoadedVersion, RestoreVersion, Stream, anotherStream);

    private static string Say(string exportId, string table, long loadedVersion, long restoreVersion, string stream, string anotherStream) =>
        $"export {exportId} was loaded into {table} at version {loadedVersion} and rolled back by the RESTORE at version {restoreVersion}; Delta still counts it as loaded for stream '{stream}' and would skip it, so nothing was committed. Load it again under another stream ({anotherStream}); later exports load under '{stream}' as usual";
}
