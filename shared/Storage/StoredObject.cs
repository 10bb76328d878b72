namespace Handoff.Shared.Storage;

/// <summary>What a store knows of one object: its path relative to the store's root, size and Content-MD5.</summary>
public sealed record StoredObject(string Path, long Size, byte[]? ContentMd5, DateTimeOffset? LastModified)
{
    /// <summary>
    /// True when <see cref="StoredObject.ContentMd5"/> was computed from the object's bytes by the
    /// call that returned it (an upload, a streamed or local copy); false when storage vouches for
    /// it (Blob's Content-MD5, the local cache, a server-side copy of the source's property).
    /// </summary>
    public bool Md5Computed { get; init; }
}
