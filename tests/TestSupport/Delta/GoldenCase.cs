using Handoff.Tests.Support;

namespace Handoff.Tests.Delta.Support;

/// <summary>One row of shared/conformance/delta-golden/cases.tsv.</summary>
public sealed record GoldenCase(string Name, string Expect, long? Rows, IReadOnlyList<string> Columns)
{
    public string TablePath => Path.Combine(RepoPaths.DeltaGolden, Name, "delta");

    public string ExpectedPath => Path.Combine(RepoPaths.DeltaGolden, Name, "expected");

    public static IReadOnlyList<GoldenCase> All { get; } = Load();

    public static GoldenCase Named(string name) => All.Single(c => c.Name == name);

    public override string ToString() => Name;

    private static List<GoldenCase> Load()
    {
        var file = Path.Combine(RepoPaths.DeltaGolden, "cases.tsv");
        return File.ReadAllLines(file)
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(f => new GoldenCase(
                f[0],
                f[1],
                f.Length > 2 && f[2].Length > 0 ? long.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture) : null,
                f.Length > 3 && f[3].Length > 0 ? f[3].Split(',') : []))
            .ToList();
    }
}
