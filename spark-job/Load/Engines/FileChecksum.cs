namespace Handoff.SparkJob.Engines;

/// <summary>
/// A file's MD5 in the manifest's "md5:&lt;hex&gt;" form, and whether it was computed from the
/// file's bytes just now (<paramref name="Recomputed"/>) or is the MD5 storage keeps for it.
/// </summary>
public sealed record FileChecksum(string Md5, bool Recomputed);
