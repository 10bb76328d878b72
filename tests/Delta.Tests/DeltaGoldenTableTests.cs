using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Delta.Errors;
using Handoff.Tests.Delta.Support;
using Xunit;
using Xunit.Abstractions;

namespace Handoff.Tests.Delta;

/// <summary>
/// Every row of the Delta golden tables (shared/conformance/delta-golden/cases.tsv): snapshot cases
/// must load with exactly the listed row count and column names, error cases must fail with a
/// typed <see cref="DeltaException"/>. A case may only be refused (unsupported feature) if it is
/// listed in <see cref="Refused"/>, which is empty: every feature the golden tables use is supported.
/// </summary>
public sealed class DeltaGoldenTableTests(ITestOutputHelper output)
{
    /// <summary>Cases this reader refuses, and the feature it must name. Empty: nothing is refused.</summary>
    private static readonly Dictionary<string, string> Refused = new(StringComparer.Ordinal);

    /// <summary>The error each error case must report.</summary>
    private static readonly Dictionary<string, DeltaErrorKind> ExpectedErrors = new(StringComparer.Ordinal)
    {
        ["deltalog-invalid-protocol-version"] = DeltaErrorKind.UnsupportedProtocol,
        ["deltalog-state-reconstruction-from-checkpoint-missing-metadata"] = DeltaErrorKind.CorruptLog,
        ["deltalog-state-reconstruction-without-protocol"] = DeltaErrorKind.CorruptLog,
        ["no-delta-log-folder"] = DeltaErrorKind.NotADeltaTable,
        ["versions-not-contiguous"] = DeltaErrorKind.CorruptLog,
    };

    public static TheoryData<string> SnapshotCases() => new(GoldenCase.All.Where(c => c.Expect == "snapshot").Select(c => c.Name));

    public static TheoryData<string> ErrorCases() => new(GoldenCase.All.Where(c => c.Expect == "error").Select(c => c.Name));

    [Fact]
    public void The_case_list_covers_every_golden_table_folder()
    {
        var folders = Directory.GetDirectories(Tests.Support.RepoPaths.DeltaGolden).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(folders, GoldenCase.All.Select(c => c.Name).Order(StringComparer.Ordinal).ToList());
        Assert.True(GoldenCase.All.Count >= 50, $"expected the full golden set, found {GoldenCase.All.Count} cases");
    }

    [Theory]
    [MemberData(nameof(SnapshotCases))]
    public async Task Snapshot_case_gives_exactly_the_expected_rows_and_columns(string name)
    {
        var golden = GoldenCase.Named(name);
        var store = new LocalObjectStore(golden.TablePath);
        if (Refused.TryGetValue(name, out var feature))
        {
            var refusal = await Assert.ThrowsAsync<UnsupportedTableFeatureException>(() => DeltaLog.LoadSnapshotAsync(store, null, CancellationToken.None));
            Assert.Equal(feature, refusal.FeatureName);
            Assert.Contains(feature, refusal.Message, StringComparison.Ordinal);
            return;
        }

        var snapshot = await DeltaLog.LoadSnapshotAsync(store, null, CancellationToken.None);
        var rows = await snapshot.CountRowsAsync(CancellationToken.None);

        Assert.Equal(golden.Columns, snapshot.Columns.Select(c => c.Name).ToList());
        Assert.Equal(golden.Rows, rows);
    }

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public async Task Error_case_fails_with_a_clear_typed_error(string name)
    {
        var golden = GoldenCase.Named(name);
        var store = new LocalObjectStore(golden.TablePath);

        var error = await Assert.ThrowsAnyAsync<DeltaException>(async () =>
        {
            var snapshot = await DeltaLog.LoadSnapshotAsync(store, null, CancellationToken.None);
            await snapshot.CountRowsAsync(CancellationToken.None);
        });

        Assert.Equal(ExpectedErrors[name], error.Kind);
        Assert.Contains(golden.TablePath, error.Message, StringComparison.Ordinal);
        output.WriteLine($"{name}: {error.Kind}: {error.Message}");
    }

    [Fact]
    public async Task Invalid_protocol_version_is_refused_naming_the_version()
    {
        var store = new LocalObjectStore(GoldenCase.Named("deltalog-invalid-protocol-version").TablePath);

        var error = await Assert.ThrowsAsync<UnsupportedProtocolVersionException>(() => DeltaLog.LoadSnapshotAsync(store, null, CancellationToken.None));

        Assert.Equal(99, error.RequiredVersion);
        Assert.Contains("reader protocol version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_gap_error_names_the_missing_version()
    {
        var store = new LocalObjectStore(GoldenCase.Named("versions-not-contiguous").TablePath);

        var error = await Assert.ThrowsAsync<DeltaException>(() => DeltaLog.LoadSnapshotAsync(store, null, CancellationToken.None));

        Assert.Contains("version 1 is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_every_snapshot_case_passes_exactly_and_none_is_refused()
    {
        var exact = new List<string>();
        var refused = new List<string>();
        var wrong = new List<string>();
        foreach (var golden in GoldenCase.All.Where(c => c.Expect == "snapshot"))
        {
            try
            {
                var snapshot = await DeltaLog.LoadSnapshotAsync(new LocalObjectStore(golden.TablePath), null, CancellationToken.None);
                var rows = await snapshot.CountRowsAsync(CancellationToken.None);
                var columnsMatch = golden.Columns.SequenceEqual(snapshot.Columns.Select(c => c.Name));
                (rows == golden.Rows && columnsMatch ? exact : wrong).Add($"{golden.Name} ({rows} rows)");
            }
            catch (UnsupportedTableFeatureException ex)
            {
                refused.Add($"{golden.Name} (feature {ex.FeatureName})");
            }
            catch (DeltaException ex)
            {
                wrong.Add($"{golden.Name} (failed: {ex.Message})");
            }
        }

        output.WriteLine($"exact: {exact.Count}, refused: {refused.Count}, wrong: {wrong.Count}");
        refused.ForEach(r => output.WriteLine("refused: " + r));
        wrong.ForEach(w => output.WriteLine("wrong: " + w));
        Assert.Empty(wrong);
        Assert.Equal(Refused.Keys.Order(StringComparer.Ordinal), refused.Select(r => r.Split(' ')[0]).Order(StringComparer.Ordinal));
    }
}
