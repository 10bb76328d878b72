using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta.Errors;

namespace Handoff.SparkJob.Delta.Actions;

/// <summary>
/// Resolves the paths of add/remove actions against one table's location. PROTOCOL.md ("Add File
/// and Remove File", delta-io/delta bb1057f): path is "a relative path to a data file from the
/// root of the table or an absolute path to a file", a URI (RFC 2396) to be decoded. A relative
/// path, or an absolute one (abfss://, wasbs://, https://, file:, or /path on the table's own
/// file system) that points inside the table's folder in its own storage account and container,
/// resolves to an object path under the table root. Any other file cannot be read through the
/// table's store: <see cref="Resolve"/> refuses it, naming the path, and replay keys it by its
/// text so that it is refused only when it is part of the snapshot read.
/// </summary>
public sealed class TableFilePaths
{
    private readonly StorageLocation? _root;

    /// <param name="root">The table's location; null resolves relative paths only.</param>
    public TableFilePaths(StorageLocation? root)
    {
        _root = root;
    }

    /// <summary>Resolves relative paths only, for engines that do not know their table's location.</summary>
    public static TableFilePaths RelativeOnly { get; } = new(null);

    /// <summary>The object path, relative to the table root, of a log path; throws <see cref="DeltaErrorKind.UnreadableFile"/> naming the path when it points elsewhere.</summary>
    public string Resolve(string logPath) =>
        TryResolve(logPath, out var objectPath, out var problem)
            ? objectPath
            : throw new DeltaException(DeltaErrorKind.UnreadableFile, $"the Delta log refers to the data file '{StorageLocationParser.Redact(logPath)}', which cannot be read: {problem}");

    /// <summary>
    /// The identity of a file for reconciliation: its object path when it resolves, so that a
    /// relative and an absolute reference to one file reconcile (as Spark's replay canonicalizes
    /// paths), else its log text.
    /// </summary>
    public string KeyOf(string logPath) => TryResolve(logPath, out var objectPath, out _) ? objectPath : logPath;

    private bool TryResolve(string logPath, out string objectPath, out string problem)
    {
        objectPath = string.Empty;
        problem = string.Empty;
        if (!IsAbsolute(logPath))
        {
            return Accept(Uri.UnescapeDataString(logPath), out objectPath, ref problem);
        }

        StorageLocation? target;
        try
        {
            target = logPath.StartsWith('/') ? OnRootFileSystem(Uri.UnescapeDataString(logPath)) : StorageLocationParser.Parse(WithAuthority(logPath));
        }
        catch (StorageException)
        {
            target = null;
        }

        var relative = (_root, target) switch
        {
            (LocalLocation root, LocalLocation file) => Under(root.FullPath, file.FullPath, Path.DirectorySeparatorChar),
            (BlobLocation root, BlobLocation file)
                when string.Equals(root.AccountName, file.AccountName, StringComparison.OrdinalIgnoreCase)
                && root.Container == file.Container => Under(root.Prefix, file.Prefix, '/'),
            _ => null,
        };
        if (relative is null)
        {
            problem = _root is null
                ? "this reader resolves absolute paths only against a table location it knows"
                : $"it is outside the table's folder {_root} (only files in the table's own folder, storage account and container are read)";
            return false;
        }

        return Accept(relative.Replace(Path.DirectorySeparatorChar, '/'), out objectPath, ref problem);
    }

    /// <summary>Hadoop writes local files as "file:/path" (Spark's logs hold that form); as a URL it is "file:///path".</summary>
    private static string WithAuthority(string uri) =>
        uri.StartsWith("file:/", StringComparison.OrdinalIgnoreCase) && !uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? "file://" + uri[5..] : uri;

    private StorageLocation? OnRootFileSystem(string path) => _root switch
    {
        LocalLocation => new LocalLocation(Path.GetFullPath(path)),
        BlobLocation blob => blob with { Prefix = path.Trim('/') },
        _ => null,
    };

    /// <summary>The part of <paramref name="path"/> below <paramref name="folder"/>, or null when it is not below it.</summary>
    private static string? Under(string folder, string path, char separator)
    {
        if (folder.Length == 0)
        {
            return path.Length == 0 ? null : path.TrimStart(separator);
        }

        var prefix = folder.TrimEnd(separator) + separator;
        return path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length ? path[prefix.Length..] : null;
    }

    private static bool Accept(string path, out string objectPath, ref string problem)
    {
        try
        {
            objectPath = ObjectPath.Validate(path);
            return true;
        }
        catch (StorageException ex)
        {
            objectPath = string.Empty;
            problem = ex.Message;
            return false;
        }
    }

    private static bool IsAbsolute(string path)
    {
        if (path.StartsWith('/'))
        {
            return true;
        }

        var colon = path.IndexOf(':', StringComparison.Ordinal);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return colon > 0 && (slash < 0 || colon < slash);
    }
}
