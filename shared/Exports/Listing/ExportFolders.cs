using Handoff.Shared.Manifest;
using Handoff.Shared.Storage;

namespace Handoff.Shared.Exports.Listing;

/// <summary>
/// The folders directly under an exports prefix, from one listing of the prefix and nothing
/// else: no manifest is read here. A folder holding manifest.json is a committed export; any
/// other is not an export (a leftover of a failed or running export, or something else).
/// </summary>
public static class ExportFolders
{
    /// <summary>The lock a running export holds in its folder (the exporter's, see ExportPipeline).</summary>
    public const string LockName = ".export-lock";

    public static async Task<IReadOnlyList<ExportFolder>> ListAsync(IObjectStore prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var folders = new SortedDictionary<string, Builder>(StringComparer.Ordinal);
        await foreach (var item in prefix.ListAsync(string.Empty, cancellationToken))
        {
            var slash = item.Path.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0)
            {
                continue;
            }

            var name = item.Path[..slash];
            if (!folders.TryGetValue(name, out var folder))
            {
                folders[name] = folder = new Builder();
            }

            folder.Add(item.Path[(slash + 1)..], item);
        }

        return folders.Select(f => f.Value.Build(f.Key)).ToList();
    }

    private sealed class Builder
    {
        private StoredObject? _manifest;
        private int _files;
        private long _bytes;
        private DateTimeOffset? _lastModified;
        private bool _locked;
        private bool _done;

        public void Add(string relative, StoredObject item)
        {
            if (item.LastModified is { } modified && (_lastModified is null || modified > _lastModified))
            {
                _lastModified = modified;
            }

            switch (relative)
            {
                case ManifestJson.FileName:
                    _manifest = item;
                    break;
                case LockName:
                    _locked = true;
                    break;
                case ManifestJson.SuccessFileName:
                    _done = true;
                    break;
                default:
                    _files++;
                    _bytes += item.Size;
                    break;
            }
        }

        public ExportFolder Build(string name) => new(name, _manifest, _files, _bytes, _lastModified, _locked, _done);
    }
}
