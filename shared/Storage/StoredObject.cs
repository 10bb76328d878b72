namespace Handoff.Shared.Storage;

/// <summary>What a store knows of one object: its path relative to the store's root, size and Content-MD5.</summary>
public sealed record StoredObject(string Path, long Size, byte[]? ContentMd5, DateTimeOffset? LastModified);
