using System.Collections.Concurrent;
using Handoff.Shared.Manifest;
using Handoff.Shared.Storage;
using Handoff.Shared.Validation;
using Handoff.SparkJob.Engines;
using Handoff.SparkJob.Validation;

namespace Handoff.SparkJob.Job;

/// <summary>
/// Checks the files a manifest lists against what storage holds: presence, size and MD5. By
/// default the MD5 is the one storage keeps with the object — Blob's Content-MD5, or the MD5 this
/// machine computed from a local file's bytes while its inode and ctime have not changed — so
/// only metadata is read, and the report says "stored MD5"; a file without one (written by another
/// tool, changed since, or on another machine) is read once to compute it ("recomputed MD5").
/// <c>verifyData</c> reads and hashes every file whatever storage keeps. A checksum this run
/// computed from an unchanged file's bytes (<see cref="ExportReference.HashedThisRun"/>) is used as it is.
/// </summary>
public static class ExportFileVerifier
{
    private const int Parallelism = 4;

    public static async Task<IReadOnlyList<FileFact>> VerifyAsync(ExportReference export, CancellationToken cancellationToken) =>
        await VerifyAsync(export, verifyData: false, cancellationToken);

    /// <param name="bytesDone">Where each file's manifest size is reported once it is checked.</param>
    public static async Task<IReadOnlyList<FileFact>> VerifyAsync(ExportReference export, bool verifyData, CancellationToken cancellationToken, IProgress<long>? bytesDone = null)
    {
        ArgumentNullException.ThrowIfNull(export);
        var facts = new ConcurrentDictionary<string, FileFact>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            export.Manifest.Files,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (file, ct) =>
            {
                facts[file.Path] = await VerifyAsync(export, file, verifyData, ct);
                bytesDone?.Report(file.Bytes);
            });
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

    private static async Task<FileFact> VerifyAsync(ExportReference export, ManifestFile file, bool verifyData, CancellationToken cancellationToken)
    {
        var folder = export.Folder;
        var stored = await folder.GetAsync(file.Path, cancellationToken);
        if (stored is null)
        {
            return new FileFact(file.Path, Exists: false, Bytes: null, Checksum: null, Rows: null);
        }

        if (!verifyData && export.HashedThisRun?.GetValueOrDefault(file.Path) is { } hashed && hashed.Size == stored.Size && hashed.LastModified is { } listed && listed == stored.LastModified)
        {
            // Computed from these bytes moments ago, in this run: "recomputed", and not read twice.
            return new FileFact(file.Path, Exists: true, stored.Size, file.Checksum, Rows: null) { ChecksumRecomputed = true };
        }

        var md5 = verifyData ? null : stored.ContentMd5;
        var recomputed = false;
        if (md5 is null && (stored.Size == file.Bytes || verifyData))
        {
            md5 = await folder.ComputeMd5Async(file.Path, cancellationToken);
            recomputed = true;
        }

        return new FileFact(file.Path, Exists: true, stored.Size, md5 is null ? null : ManifestFile.Md5Checksum(md5), Rows: null) { ChecksumRecomputed = recomputed };
    }
}
