using Handoff.Shared.Manifest;

namespace Handoff.Shared.Exports.Listing;

/// <summary>
/// What <see cref="NewestCommittedExport"/> found: the newest export (null when none could be
/// read), the manifests among the candidates that could not be read (any of them might be
/// newer), and how many manifests it read.
/// </summary>
public sealed record NewestExportSearch(ListedExport? Newest, IReadOnlyList<ListedExport> Unreadable, int ManifestsRead);
