using Handoff.Exporter.Sources;
using Handoff.Shared.Data;
using Xunit;

namespace Handoff.Tests.Sources;

/// <summary>Runs a query and collects every row, boxed, for assertions.</summary>
internal static class QueryResults
{
    public static async Task<(IReadOnlyList<object?[]> Rows, int Batches)> ReadAllAsync(IQueryResult result, int batchSize = 1024)
    {
        var batch = new RowBatch(result.Schema, batchSize);
        var rows = new List<object?[]>();
        var batches = 0;
        while (await result.ReadAsync(batch, CancellationToken.None))
        {
            batches++;
            Assert.InRange(batch.Count, 1, batchSize);
            for (var r = 0; r < batch.Count; r++)
            {
                rows.Add(Enumerable.Range(0, result.Schema.Count).Select(c => batch.GetValue(r, c)).ToArray());
            }
        }

        Assert.Equal(0, batch.Count);
        return (rows, batches);
    }

    public static async Task<IReadOnlyList<object?[]>> QueryAsync(IQuerySource source, string sql, int batchSize = 1024)
    {
        await using var result = await source.ExecuteAsync(sql, CancellationToken.None);
        return (await ReadAllAsync(result, batchSize)).Rows;
    }
}
