namespace Handoff.SparkJob.Engines;

/// <summary>
/// What a table says one stream has loaded: the questions <c>load --exports</c> asks before it
/// reads any export's files (append: which committed exports has the stream not loaded yet;
/// overwrite: is the newest newer than the one the stream last loaded).
/// <para>
/// The embedded engine answers from the stream's txn actions (<see cref="LoadTransactions"/>),
/// exactly. The spark engine has no SQL that shows txn actions, so it answers from the table's
/// history (DESCRIBE HISTORY: the export id each write recorded as userMetadata), which names
/// what any stream wrote, and only while those commits are in the log; Delta's own txn check
/// still skips an export the stream loaded whose commit has left the history.
/// </para>
/// </summary>
/// <param name="Appended">The exports the stream appended (spark: every export the history shows appended).</param>
/// <param name="OverwriteVersion">The stream's overwrite txn version (the createdAt in ms of the export it last overwrote with); null when it never overwrote, or when the engine cannot tell.</param>
/// <param name="OverwriteExportId">The export of the stream's latest overwrite, when the log still names it.</param>
/// <param name="LastLoadedId">The newest export the stream loaded, either way, when known.</param>
/// <param name="LastLoadedCreatedAt">That export's createdAt, when known.</param>
public sealed record StreamRecord(IReadOnlySet<string> Appended, long? OverwriteVersion, string? OverwriteExportId, string? LastLoadedId, DateTimeOffset? LastLoadedCreatedAt)
{
    /// <summary>A table that does not exist yet, or that this stream never loaded.</summary>
    public static StreamRecord Nothing { get; } = new(new HashSet<string>(StringComparer.Ordinal), null, null, null, null);

    public bool LoadedAnything => LastLoadedId is not null || LastLoadedCreatedAt is not null;

    /// <summary>Append: true when the stream appended this export, or its latest overwrite was this export.</summary>
    public bool HasLoaded(string exportId, DateTimeOffset createdAt) =>
        Appended.Contains(exportId) || (OverwriteVersion is { } version ? version == LoadTransactions.VersionOf(createdAt) : OverwriteExportId == exportId);

    /// <summary>Overwrite: true when loading this export would be skipped, the stream having loaded it or a newer one (newer wins).</summary>
    public bool OverwriteHolds(string exportId, DateTimeOffset createdAt) =>
        OverwriteVersion is { } version ? LoadTransactions.VersionOf(createdAt) <= version : OverwriteExportId == exportId;
}
