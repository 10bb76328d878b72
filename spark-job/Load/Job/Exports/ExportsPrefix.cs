using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Exports.Listing;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Engines;

namespace Handoff.SparkJob.Job.Exports;

/// <summary>
/// An exports prefix as one listing shows it: the folders directly below it, of which those
/// holding a manifest.json are the committed exports. Nothing else is ever loaded from it: a
/// folder without a manifest is a failed or running export, or not an export at all.
/// </summary>
public sealed class ExportsPrefix
{
    private ExportsPrefix(IObjectStore store, IReadOnlyList<ExportFolder> folders)
    {
        Store = store;
        Folders = folders;
    }

    public IObjectStore Store { get; }

    public IReadOnlyList<ExportFolder> Folders { get; }

    public StorageLocation Location => Store.Root;

    public int CommittedCount => Folders.Count(f => f.IsCommitted);

    /// <summary>Lists the prefix once; refuses one that holds no committed export, saying what it holds instead.</summary>
    public static async Task<ExportsPrefix> ListAsync(StorageLocation location, StorageCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (ExportReference.IsManifestFile(location))
        {
            throw new InputDataException(
                $"the exports prefix names a manifest ({location}); give the prefix whose folders are the exports, or load this one export by its manifest",
                new PrefixIsAManifest(location.ToString()));
        }

        var store = ObjectStoreFactory.Open(location, credentials);
        var folders = await ExportFolders.ListAsync(store, cancellationToken);
        var prefix = new ExportsPrefix(store, folders);
        if (prefix.CommittedCount == 0)
        {
            var problem = await NothingCommittedAsync(prefix, cancellationToken);
            throw new InputDataException(problem.Say("load it by its manifest"), problem);
        }

        return prefix;
    }

    /// <summary>The export to load or validate: its folder under the prefix and its manifest.</summary>
    public ExportReference Reference(ListedExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        return new ExportReference(Store.Sub(export.Folder.Name), export.Manifest ?? throw new InvalidOperationException($"the manifest of {export.Folder.Name} was not read"));
    }

    /// <summary>
    /// The committed export with this id: the folder of that name first (the exporter names
    /// folders after their export), else whichever committed manifest carries the id; null when none does.
    /// </summary>
    public async Task<ListedExport?> FindAsync(string exportId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(exportId);
        if (Folders.FirstOrDefault(f => f.IsCommitted && f.Name == exportId) is { } named
            && await ExportsUnderPrefix.ReadAsync(Store, [named], cancellationToken) is { Committed: [{ Manifest: { } manifest } listed] }
            && manifest.ExportId == exportId)
        {
            return listed;
        }

        var all = await ExportsUnderPrefix.ReadAsync(Store, Folders, cancellationToken);
        return all.Committed.LastOrDefault(e => e.Manifest?.ExportId == exportId);
    }

    private static async Task<NothingCommitted> NothingCommittedAsync(ExportsPrefix prefix, CancellationToken cancellationToken)
    {
        var found = $"no committed export under {prefix.Location}: no folder directly below it holds a {ManifestJson.FileName}, and an export without one is never loaded";
        if (prefix.Folders.Count > 0)
        {
            var names = string.Join(", ", prefix.Folders.Take(5).Select(f => f.Name)) + (prefix.Folders.Count > 5 ? ", ..." : string.Empty);
            found += $"; {prefix.Folders.Count} folder(s) without one ({names}): failed or running exports, or not exports";
        }

        var isItselfAnExport = await prefix.Store.GetAsync(ManifestJson.FileName, cancellationToken) is not null;
        return new NothingCommitted(prefix.Location.ToString(), found, isItselfAnExport);
    }
}
