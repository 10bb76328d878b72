namespace Handoff.Shared.Storage;

public enum StorageErrorKind
{
    /// <summary>The object does not exist.</summary>
    NotFound,

    /// <summary>A create-new write found the object already there.</summary>
    AlreadyExists,

    /// <summary>The container (or the local root folder) does not exist.</summary>
    ContainerNotFound,

    /// <summary>The credentials were refused.</summary>
    AuthenticationFailed,

    /// <summary>The endpoint could not be reached.</summary>
    Unreachable,

    /// <summary>The location text is not a location we understand.</summary>
    InvalidLocation,

    /// <summary>Anything else the service or the file system reported.</summary>
    Other,
}
