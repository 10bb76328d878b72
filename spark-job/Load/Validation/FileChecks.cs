using System.Globalization;
using Handoff.Shared.Manifest;
using Handoff.Shared.Validation;

namespace Handoff.SparkJob.Validation;

/// <summary>Each manifest file is present in storage with the size, checksum and row count the manifest lists.</summary>
internal static class FileChecks
{
    public static IEnumerable<ValidationCheck> For(IReadOnlyList<ManifestFile> files, IReadOnlyList<FileFact> facts)
    {
        var byPath = new Dictionary<string, FileFact>(StringComparer.Ordinal);
        foreach (var fact in facts)
        {
            byPath.TryAdd(fact.Path, fact);
        }

        foreach (var file in files)
        {
            var name = NameOf(file.Path);
            if (!byPath.TryGetValue(file.Path, out var fact))
            {
                yield return new ValidationCheck($"{name} exists", "exists", "not checked (the engine reported nothing for this file)", CheckStatus.Failed);
                continue;
            }

            if (!fact.Exists)
            {
                yield return new ValidationCheck($"{name} exists", "exists", "missing", CheckStatus.Failed);
                continue;
            }

            yield return new ValidationCheck($"{name} exists", "exists", "exists", CheckStatus.Passed);
            yield return Number($"{name} bytes", file.Bytes, fact.Bytes, "storage reported no size");
            yield return Checksum(name, file.Checksum, fact);
            yield return Number($"{name} rows", file.Rows, fact.Rows, "rows were not counted");
        }
    }

    /// <summary>"file &lt;path&gt;": how every check of one manifest file begins.</summary>
    public static string NameOf(string path) => $"file {path}";

    private static ValidationCheck Number(string name, long expected, long? actual, string whyUnknown)
    {
        var expectedText = expected.ToString(CultureInfo.InvariantCulture);
        return actual is { } value
            ? new ValidationCheck(name, expectedText, value.ToString(CultureInfo.InvariantCulture), value == expected ? CheckStatus.Passed : CheckStatus.Failed)
            : new ValidationCheck(name, expectedText, $"unknown ({whyUnknown})", CheckStatus.Unverified);
    }

    /// <summary>Named for what was compared: "checksum (stored MD5)" that storage vouches for, or "checksum (recomputed MD5)" from the bytes.</summary>
    private static ValidationCheck Checksum(string file, string expected, FileFact fact) =>
        fact.Checksum is not { } actual
            ? new ValidationCheck($"{file} checksum", expected, "unknown (storage reported no checksum)", CheckStatus.Unverified)
            : ValidationCheck.Compare($"{file} checksum ({(fact.ChecksumRecomputed ? "recomputed" : "stored")} MD5)", expected, actual.ToLowerInvariant());
}
