using System.Globalization;

namespace Handoff.Shared.Manifest;

/// <summary>
/// The rules a manifest obeys beyond its JSON shape: safe ids and paths, counts that add up,
/// checksums in the one accepted form, a compression the format supports. Both the writer and
/// the reader apply them, so a manifest we write is always one we accept.
/// </summary>
public static class ManifestRules
{
    /// <summary>Throws <see cref="ManifestException"/> naming the first field that breaks a rule.</summary>
    public static void Check(ExportManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.ManifestVersion != ExportManifest.CurrentVersion)
        {
            throw new ManifestException("manifestVersion", UnsupportedVersion(manifest.ManifestVersion));
        }

        Require(ExportIdRules.Problem(manifest.ExportId), "exportId");
        CheckSource(manifest.Source);
        CheckFormat(manifest.Format);
        CheckSchema(manifest);
        CheckFiles(manifest.Files);
        CheckRowCount(manifest);
    }

    internal static string UnsupportedVersion(long version) =>
        string.Create(CultureInfo.InvariantCulture, $"version {version} is not supported; this reader supports manifestVersion {ExportManifest.CurrentVersion}");

    private static void CheckSource(ManifestSource? source)
    {
        if (source is null)
        {
            throw new ManifestException("source", "is missing");
        }

        if (string.IsNullOrWhiteSpace(source.Kind))
        {
            throw new ManifestException("source.kind", "must not be empty");
        }

        if (string.IsNullOrEmpty(source.Query))
        {
            throw new ManifestException("source.query", "must not be empty");
        }

        if (!IsSha256(source.QueryHash))
        {
            throw new ManifestException("source.queryHash", $"'{Printable.Text(source.QueryHash ?? string.Empty)}' is not \"sha256:\" followed by 64 lowercase hex digits");
        }

        var actual = ManifestSource.HashQuery(source.Query);
        if (!string.Equals(actual, source.QueryHash, StringComparison.Ordinal))
        {
            throw new ManifestException("source.queryHash", $"{source.QueryHash} is not the hash of source.query ({actual})");
        }
    }

    private static void CheckFormat(FormatSpec? format)
    {
        if (format is null)
        {
            throw new ManifestException("format", "is missing");
        }

        if (!Enum.IsDefined(format.Type))
        {
            throw new ManifestException("format.type", $"{format.Type} is not a file format");
        }

        var allowed = FormatSpec.Compressions(format.Type);
        if (!allowed.Contains(format.Compression, StringComparer.Ordinal))
        {
            throw new ManifestException("format.compression", $"'{Printable.Text(format.Compression ?? string.Empty)}' is not a compression for {FormatNames.ToText(format.Type)} (use one of: {string.Join(", ", allowed)})");
        }

        if (format.Type != FileFormat.Csv)
        {
            if (format.Csv is not null)
            {
                throw new ManifestException("format.csv", $"must be null for {FormatNames.ToText(format.Type)}; CSV options apply only to csv");
            }

            return;
        }

        if (format.Csv is not null && CsvOptionsRules.Problem(format.Csv) is var (field, detail))
        {
            throw new ManifestException($"format.csv.{field}", detail);
        }
    }

    private static void CheckSchema(ExportManifest manifest)
    {
        if (manifest.Schema is null)
        {
            throw new ManifestException("schema", "is missing");
        }

        if (manifest.Schema.Count == 0)
        {
            throw new ManifestException("schema", "must list at least one column");
        }

        for (var i = 0; i < manifest.Schema.Count; i++)
        {
            if (manifest.Schema[i].Type is null)
            {
                throw new ManifestException($"schema[{i}].type", "is missing");
            }
        }
    }

    private static void CheckFiles(IReadOnlyList<ManifestFile>? files)
    {
        if (files is null)
        {
            throw new ManifestException("files", "is missing");
        }

        var exact = new Dictionary<string, int>(StringComparer.Ordinal);
        var collisions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i] ?? throw new ManifestException($"files[{i}]", "is missing");
            Require(ManifestPathRules.Problem(file.Path), $"files[{i}].path");
            if (!exact.TryAdd(file.Path, i))
            {
                throw new ManifestException($"files[{i}].path", $"'{Printable.Text(file.Path)}' is listed twice (also files[{exact[file.Path]}].path)");
            }

            var key = ManifestPathRules.CollisionKey(file.Path);
            if (!collisions.TryAdd(key, i))
            {
                var other = collisions[key];
                throw new ManifestException($"files[{i}].path", $"'{Printable.Text(file.Path)}' and '{Printable.Text(files[other].Path)}' (files[{other}].path) name the same file on case-insensitive storage");
            }

            if (file.Rows < 0)
            {
                throw new ManifestException($"files[{i}].rows", string.Create(CultureInfo.InvariantCulture, $"{file.Rows} is negative"));
            }

            if (file.Bytes < 0)
            {
                throw new ManifestException($"files[{i}].bytes", string.Create(CultureInfo.InvariantCulture, $"{file.Bytes} is negative"));
            }

            if (!ManifestFile.TryParseMd5(file.Checksum, out _))
            {
                throw new ManifestException($"files[{i}].checksum", $"'{Printable.Text(file.Checksum ?? string.Empty)}' is not \"md5:\" followed by 32 lowercase hex digits");
            }
        }
    }

    private static void CheckRowCount(ExportManifest manifest)
    {
        if (manifest.RowCount < 0)
        {
            throw new ManifestException("rowCount", string.Create(CultureInfo.InvariantCulture, $"{manifest.RowCount} is negative"));
        }

        long sum = 0;
        foreach (var file in manifest.Files)
        {
            if (long.MaxValue - sum < file.Rows)
            {
                throw new ManifestException("rowCount", "the files' rows add up to more than a 64-bit count can hold");
            }

            sum += file.Rows;
        }

        if (sum != manifest.RowCount)
        {
            throw new ManifestException("rowCount", string.Create(CultureInfo.InvariantCulture, $"{manifest.RowCount} differs from the sum of files[].rows ({sum}) over {manifest.Files.Count} files"));
        }
    }

    private static bool IsSha256(string? hash)
    {
        const int HexLength = 64;
        if (hash is null || hash.Length != ManifestSource.HashPrefix.Length + HexLength || !hash.StartsWith(ManifestSource.HashPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in hash.AsSpan(ManifestSource.HashPrefix.Length))
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        return true;
    }

    private static void Require(string? problem, string field)
    {
        if (problem is not null)
        {
            throw new ManifestException(field, problem);
        }
    }
}
