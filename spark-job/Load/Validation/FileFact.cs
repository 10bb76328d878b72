namespace Handoff.SparkJob.Validation;

/// <summary>
/// What storage says about one manifest file. <paramref name="Path"/> is the manifest's
/// relative path; <paramref name="Checksum"/> uses the manifest's "md5:&lt;hex&gt;" form. Any
/// fact the engine could not obtain is null, and its check is reported as unverified.
/// </summary>
public sealed record FileFact(string Path, bool Exists, long? Bytes, string? Checksum, long? Rows)
{
    /// <summary>
    /// True when <see cref="Checksum"/> was computed from the file's bytes in this run; false when
    /// it is the MD5 storage keeps (Blob's Content-MD5, or this machine's cache of a local file's).
    /// The report says which: "stored MD5" or "recomputed MD5".
    /// </summary>
    public bool ChecksumRecomputed { get; init; }
}
