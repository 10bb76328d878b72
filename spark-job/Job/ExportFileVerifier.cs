using System.Collections.Concurrent;
using System.Security.Cryptography;
using Handoff.Shared.Manifest;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Validation;

namespace Handoff.SparkJob.Job;

/// <summary>
/// Checks the files a manifest lists against what storage holds: presence, size and MD5. The MD5
/// is the one storage keeps with the object — Blob's Content-MD5, or the checksum a local upload
/// recorded with the file's size and mtime — so only metadata is read; a file without a stored
/// MD5 (written by another tool, or changed since) is read once to compute it. A stored MD5 proves
/// the bytes are those the exporter wrote unless someone rewrote them and their metadata too.
/// </summary>
public static class ExportFileVerifier
{
    private const int Parallelism = 4;

    public static async Task<IReadOnlyList<FileFact>> VerifyAsync(ExportReference export, CancellationToken cancellationToken)
    {
        var facts = new ConcurrentDictionary<string, FileFact>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            export.Manifest.Files,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (file, ct) => facts[file.Path] = await VerifyAsync(export.Folder, file, ct));
        return export.Manifest.Files.Select(f => facts[f.Path]).ToList();
    }

    /// <summary>
    /// The first failed file check (the validator's own), as a sentence, or null when every file
    /// is present with its size and checksum. Rows are not known before a load, so they are not judged here.
    /// </summary>
    public static string? FirstProblem(IReadOnlyList<ManifestFile> expected, IReadOnlyList<FileFact> facts) =>
        FileChecks.For(expected, facts).FirstOrDefault(c => c.Status == CheckStatus.Failed) is { } failed
            ? $"{failed.Name}: the manifest says {failed.Expected}, the export has {failed.Actual}"
            : null;

    private static async Task<FileFact> VerifyAsync(IObjectStore folder, ManifestFile file, CancellationToken cancellationToken)
    {
        var stored = await folder.GetAsync(file.Path, cancellationToken);
        if (stored is null)
        {
            return new FileFact(file.Path, Exists: false, Bytes: null, Checksum: null, Rows: null);
        }

        var md5 = stored.ContentMd5;
        if (md5 is null && stored.Size == file.Bytes)
        {
            await using var content = await folder.OpenReadAsync(file.Path, cancellationToken);
            md5 = await MD5.HashDataAsync(content, cancellationToken);
        }

        return new FileFact(file.Path, Exists: true, stored.Size, md5 is null ? null : ManifestFile.Md5Checksum(md5), Rows: null);
    }
}
