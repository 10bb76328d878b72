namespace Handoff.Shared.Storage;

/// <summary>
/// An object being written. Nothing is visible at its path until <see cref="CommitAsync"/>
/// returns (a temp file renamed on disk; staged blocks committed on Blob). Disposing an upload
/// that was not committed discards it.
/// </summary>
public interface IObjectUpload : IAsyncDisposable
{
    /// <summary>The stream to write the content to. Not seekable.</summary>
    Stream Content { get; }

    /// <summary>Bytes written so far.</summary>
    long BytesWritten { get; }

    /// <summary>Makes the object visible, with its MD5 as Content-MD5, and returns what was stored.</summary>
    Task<StoredObject> CommitAsync(CancellationToken cancellationToken);
}
