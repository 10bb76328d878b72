namespace Handoff.SparkJob.Validation;

/// <summary>
/// What storage says about one manifest file. <paramref name="Path"/> is the manifest's
/// relative path; <paramref name="Checksum"/> uses the manifest's "md5:&lt;hex&gt;" form. Any
/// fact the engine could not obtain is null, and its check is reported as unverified.
/// </summary>
public sealed record FileFact(string Path, bool Exists, long? Bytes, string? Checksum, long? Rows);
