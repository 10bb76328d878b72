using Handoff.Shared.Schema;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Delta;
using Handoff.SparkJob.Delta.Stats;
using Handoff.SparkJob.Delta.Transactions;
using Handoff.Tests.Support;
using Xunit;

namespace Handoff.Tests.Delta.Support;

/// <summary>A Delta table in a temp folder, with helpers to write real Parquet data files into it (via DuckDB).</summary>
public sealed class TestTable : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly DuckDb _duck = new();
    private int _nextFile;

    public TestTable(DeltaTransactionOptions? options = null)
    {
        Store = new LocalObjectStore(_folder.Path);
        Table = new DeltaTable(Store, options);
    }

    /// <summary>(id long NOT NULL, name string), the schema of <see cref="WriteIdsFile"/>.</summary>
    public static TableSchema Schema { get; } = new([
        new Column("id", LogicalType.Long, Nullable: false),
        new Column("name", LogicalType.String, Nullable: true),
    ]);

    public LocalObjectStore Store { get; }

    public DeltaTable Table { get; }

    public string Root => _folder.Path;

    public DuckDb Duck => _duck;

    public string FullPath(string relative) => Path.Combine(_folder.Path, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Writes a Parquet file of ids [from, from+count) with name "n{id}" (every 10th name null) and returns it as a DataFile with exact stats.</summary>
    public DataFile WriteIdsFile(long from, long count, string? relativePath = null)
    {
        relativePath ??= $"part-{_nextFile++:D5}-{Guid.NewGuid():N}.parquet";
        var full = FullPath(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _duck.Execute($"""
            COPY (SELECT CAST(i AS BIGINT) AS id, CASE WHEN i % 10 = 0 THEN NULL ELSE 'n' || i END AS name
                  FROM range({from}, {from + count}) t(i))
            TO {DuckDb.Quote(full)} (FORMAT parquet)
            """);
        var nulls = Enumerable.Range(0, (int)count).LongCount(i => (from + i) % 10 == 0);
        var names = Enumerable.Range(0, (int)count).Where(i => (from + i) % 10 != 0).Select(i => "n" + (from + i)).Order(StringComparer.Ordinal).ToList();
        var stats = StatsJsonWriter.Write(Schema, count, new Dictionary<string, ColumnStatistics>
        {
            ["id"] = new(0, count > 0 ? from : null, count > 0 ? from + count - 1 : null),
            ["name"] = new(nulls, names.FirstOrDefault(), names.LastOrDefault()),
        });
        var info = new FileInfo(full);
        return new DataFile(relativePath, info.Length, info.LastWriteTimeUtc, stats);
    }

    /// <summary>Creates the table with one file of ids [0, rows) and returns the commit.</summary>
    public async Task<DeltaCommitResult> CreateAsync(long rows = 10, CancellationToken cancellationToken = default)
    {
        var tx = await Table.StartTransactionAsync(cancellationToken);
        tx.Schema = Schema;
        if (rows > 0)
        {
            tx.AddFile(WriteIdsFile(0, rows));
        }

        return await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Sets table properties in the table's first commit, as if it had been created with them (this writer creates tables with none).</summary>
    public async Task SetPropertiesAtCreationAsync(IReadOnlyDictionary<string, string> properties)
    {
        var log = FullPath("_delta_log/00000000000000000000.json");
        var json = System.Text.Json.JsonSerializer.Serialize(properties);
        var lines = await File.ReadAllLinesAsync(log);
        Assert.Single(lines, l => l.Contains("\"configuration\":{}", StringComparison.Ordinal));
        await File.WriteAllLinesAsync(log, lines.Select(l => l.Replace("\"configuration\":{}", "\"configuration\":" + json, StringComparison.Ordinal)));
    }

    /// <summary>Writes a Parquet file with DuckDB from <paramref name="select"/> and describes it from its footer, as a load does.</summary>
    public async Task<DataFile> WriteAndDescribeAsync(string select, TableSchema schema, string relativePath)
    {
        _duck.Execute($"COPY ({select}) TO {DuckDb.Quote(FullPath(relativePath))} (FORMAT parquet)");
        return await Table.DescribeDataFileAsync(relativePath, schema, CancellationToken.None);
    }

    public async Task<DeltaCommitResult> AppendAsync(long from, long count, CancellationToken cancellationToken = default)
    {
        var tx = await Table.StartTransactionAsync(cancellationToken);
        tx.Schema = Schema;
        tx.AddFile(WriteIdsFile(from, count));
        return await tx.CommitAsync(cancellationToken);
    }

    /// <summary>The ids in the live data files of <paramref name="snapshot"/>, read by DuckDB, sorted.</summary>
    public List<long> ReadIds(Snapshot snapshot)
    {
        if (snapshot.Files.Count == 0)
        {
            return [];
        }

        var files = snapshot.Files.Select(f => FullPath(Uri.UnescapeDataString(f.Path)));
        return _duck.Rows($"SELECT id FROM read_parquet({DuckDb.FileList(files)}) ORDER BY id").Select(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    public void Dispose()
    {
        _duck.Dispose();
        _folder.Dispose();
    }
}
