namespace Handoff.Shared.Storage;

/// <summary>Whether an upload computes the MD5 of its content and keeps it as the object's Content-MD5.</summary>
public enum UploadChecksum
{
    /// <summary>The default: the MD5 is computed as the bytes go out and stored (Blob's Content-MD5, the local cache).</summary>
    ContentMd5,

    /// <summary>
    /// No MD5: for bytes this program has just produced and that nothing compares with a checksum
    /// (a load's data files converted from an export). Hashing them cost a core-second per 600 MB.
    /// </summary>
    None,
}
