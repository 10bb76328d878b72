using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Handoff.Shared.Formats;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Storage;

namespace Handoff.Shared.Exports.FromFiles;

/// <summary>
/// Builds the manifest of files that came without one (Amperity's own output: files and maybe a
/// .DONE), so they can be loaded and validated as one export. Every file is read: sizes and MD5
/// from the bytes; rows and schema from Parquet footers; rows by parsing CSV, JSON and Avro with
/// the given schema, or for Avro without one, with the schema its header declares. The export id and createdAt (the txn version) come from the files'
/// names, sizes and last-modified times only, so building again over the same files gives the
/// same manifest, and a re-run of a load skips.
/// </summary>
public static class ManifestFromFiles
{
    public const string SourceKind = "files";
    public const string ExportIdPrefix = "files-";

    private const int Parallelism = 4;
    private const int ExportIdHexDigits = 20;
    private const string GzipSuffix = ".gz";

    /// <summary>Lists and reads the selected files of <paramref name="folder"/> and returns their manifest.</summary>
    public static async Task<ExportManifest> BuildAsync(IObjectStore folder, FileSelection selection, FilesExportSpec spec, IProgress<FilesProgress>? progress, CancellationToken cancellationToken) =>
        (await ReadAsync(folder, selection, spec, progress, cancellationToken)).Manifest;

    /// <summary>As <see cref="BuildAsync"/>, with the files as they were listed when their MD5 was computed from their bytes.</summary>
    public static async Task<FilesManifest> ReadAsync(IObjectStore folder, FileSelection selection, FilesExportSpec spec, IProgress<FilesProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Format is FileFormat.Csv or FileFormat.Json && spec.Schema is null)
        {
            throw new InputArgumentException($"{FormatNames.ToText(spec.Format)} files need a schema given as Spark DDL (for example \"id BIGINT, name STRING\"): their columns are never inferred");
        }

        if (spec.Format != FileFormat.Csv && spec.Csv is not null)
        {
            throw new InputArgumentException("CSV options apply only to csv files");
        }

        if (spec.RequireDone && await folder.GetAsync(ManifestJson.SuccessFileName, cancellationToken) is null)
        {
            throw new InputDataException($"{folder.Root} has no {ManifestJson.SuccessFileName} file, and one is required: the sender has not finished writing (or does not write a {ManifestJson.SuccessFileName}); nothing was read", new NoDoneFile(folder.Root.ToString()));
        }

        var files = await ListAsync(folder, selection, cancellationToken);
        var format = new FormatSpec(spec.Format, TextCompression(spec.Format, files), spec.Format == FileFormat.Csv ? spec.Csv ?? new CsvOptions() : null);
        var described = await DescribeAllAsync(folder, files, format, spec.Schema, progress, cancellationToken);
        // Parquet footers and Avro headers declare their schema and codec; the files must agree.
        var declared = spec.Format == FileFormat.Parquet || (spec.Format == FileFormat.Avro && spec.Schema is null);
        var schema = declared ? DeclaredSchemaOf(described, spec.Schema) : spec.Schema!;
        if (declared)
        {
            format = format with { Compression = described[0].Compression! };
        }

        var manifest = new ExportManifest
        {
            ExportId = ExportIdOf(files),
            CreatedAt = CreatedAtOf(files),
            Source = ManifestSource.For(SourceKind, selection.PatternText),
            Format = format,
            Schema = schema,
            RowCount = described.Sum(d => d.Rows),
            Files = described.Select(d => new ManifestFile(d.Stored.Path, d.Rows, d.Stored.Size, d.Checksum)).ToList(),
        };
        ManifestRules.Check(manifest);
        return new FilesManifest(manifest, files);
    }

    /// <summary>"files-" and the first hex digits of the SHA-256 of every file's name, size and last-modified time in ms.</summary>
    public static string ExportIdOf(IReadOnlyList<StoredObject> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var text = new StringBuilder();
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{file.Path}\t{file.Size}\t{Millis(file)}\n");
        }

        return ExportIdPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..ExportIdHexDigits];
    }

    /// <summary>The newest file's last-modified time, to the millisecond: the export's createdAt, so newer files make a newer txn version.</summary>
    public static DateTimeOffset CreatedAtOf(IReadOnlyList<StoredObject> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return DateTimeOffset.FromUnixTimeMilliseconds(files.Max(Millis));
    }

    private static long Millis(StoredObject file) =>
        (file.LastModified ?? throw new InputDataException($"storage reports no last-modified time for {file.Path}")).ToUnixTimeMilliseconds();

    private static async Task<List<StoredObject>> ListAsync(IObjectStore folder, FileSelection selection, CancellationToken cancellationToken)
    {
        var files = new List<StoredObject>();
        await foreach (var item in folder.ListAsync(selection.ListingPrefix, cancellationToken))
        {
            if (selection.Takes(item.Path))
            {
                files.Add(item);
            }
        }

        if (files.Count == 0)
        {
            throw new InputDataException($"no files in {folder.Root} match '{selection.PatternText}' (hidden files, starting with '_' or '.', and manifest.json are never data; a selection names a folder, optionally followed by a file name pattern with *); nothing was read", new NoFileMatches(folder.Root.ToString(), selection.PatternText));
        }

        foreach (var file in files)
        {
            if (ManifestPathRules.Problem(file.Path) is { } problem)
            {
                throw new InputDataException($"the file '{Printable.Text(file.Path)}' cannot be listed in a manifest: its name {problem}; rename it or leave it out with a pattern");
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    // Spark and Hadoop pick a text file's codec by its extension; so do we, all files alike.
    private static string TextCompression(FileFormat format, IReadOnlyList<StoredObject> files)
    {
        if (format is not (FileFormat.Csv or FileFormat.Json))
        {
            return FormatSpec.DefaultCompression(format);
        }

        var gzipped = files.Count(f => f.Path.EndsWith(GzipSuffix, StringComparison.OrdinalIgnoreCase));
        if (gzipped > 0 && gzipped < files.Count)
        {
            var plain = files.First(f => !f.Path.EndsWith(GzipSuffix, StringComparison.OrdinalIgnoreCase)).Path;
            var zipped = files.First(f => f.Path.EndsWith(GzipSuffix, StringComparison.OrdinalIgnoreCase)).Path;
            throw new InputDataException($"some files are gzip-compressed ({zipped}) and some are not ({plain}); one export has one compression: select one kind with a pattern");
        }

        return gzipped > 0 ? "gzip" : "none";
    }

    private static async Task<List<DescribedFile>> DescribeAllAsync(IObjectStore folder, List<StoredObject> files, FormatSpec format, TableSchema? schema, IProgress<FilesProgress>? progress, CancellationToken cancellationToken)
    {
        var described = new ConcurrentDictionary<string, DescribedFile>(StringComparer.Ordinal);
        var done = 0;
        long bytes = 0;
        var total = files.Sum(f => f.Size);
        await Parallel.ForEachAsync(
            files,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (file, ct) =>
            {
                described[file.Path] = await FileDescriber.DescribeAsync(folder, file, format, schema, ct);
                progress?.Report(new FilesProgress(Interlocked.Increment(ref done), files.Count, Interlocked.Add(ref bytes, file.Size), total));
            });
        return files.Select(f => described[f.Path]).ToList();
    }

    /// <summary>
    /// The schema every file declares (Parquet footers, Avro headers): names and types equal in
    /// order; a column is nullable when any file declares it so (Spark reads the union so). With
    /// a given schema (Parquet), every file must have that schema's names and types.
    /// </summary>
    private static TableSchema DeclaredSchemaOf(IReadOnlyList<DescribedFile> files, TableSchema? given)
    {
        var reference = given ?? files[0].Schema!;
        var nullable = reference.Select(c => c.Nullable).ToArray();
        foreach (var file in files)
        {
            if (SchemaDifference(reference, file.Schema!) is { } difference)
            {
                throw given is null
                    ? new InputDataException($"{file.Stored.Path} has a different schema from {files[0].Stored.Path}: {difference}; one export has one schema, so nothing was loaded (select files of one schema with a pattern)")
                    : new InputDataException($"{file.Stored.Path} has a different schema from the schema given: {difference}; one export has one schema, so nothing was loaded (select files of one schema with a pattern)", new SchemaDiffersFromGiven(file.Stored.Path, difference));
            }

            for (var i = 0; i < nullable.Length; i++)
            {
                nullable[i] |= file.Schema![i].Nullable;
            }
        }

        return given ?? new TableSchema(reference.Select((c, i) => c with { Nullable = nullable[i] }));
    }

    private static string? SchemaDifference(TableSchema expected, TableSchema actual)
    {
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            if (i >= actual.Count)
            {
                return $"it has no column {i + 1} ('{expected[i].Name} {expected[i].Type}')";
            }

            if (i >= expected.Count)
            {
                return $"it has an extra column {i + 1} ('{actual[i].Name} {actual[i].Type}')";
            }

            if (expected[i].Name != actual[i].Name || expected[i].Type != actual[i].Type)
            {
                return $"its column {i + 1} is '{actual[i].Name} {actual[i].Type}', not '{expected[i].Name} {expected[i].Type}'";
            }
        }

        return null;
    }
}
