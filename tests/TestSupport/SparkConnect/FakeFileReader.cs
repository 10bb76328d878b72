using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Spark.Connect;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>
/// Reads the files of a Read.DataSource the way Spark would with our options, using the
/// shared format readers on the local paths: the fake's stand-in for Spark's file sources.
/// Counts rows and nulls; a record that does not parse fails as FAILFAST does.
/// </summary>
internal static class FakeFileReader
{
    public static async Task<(long Rows, Dictionary<string, long> Nulls)> CountAsync(Read.Types.DataSource source, CancellationToken cancellationToken)
    {
        // Spark's file sources read every column as nullable; NOT NULL is the table's to enforce.
        var schema = new Handoff.Shared.Schema.TableSchema(FakeSql.ParseDdl(source.Schema).Select(c => c with { Nullable = true }));
        var nulls = schema.ToDictionary(c => c.Name, _ => 0L, StringComparer.OrdinalIgnoreCase);
        long rows = 0;
        foreach (var path in source.Paths)
        {
            if (!File.Exists(path))
            {
                throw FakeSparkErrors.Spark("PATH_NOT_FOUND", "42K03", $"Path does not exist: {path}.");
            }

            await using var input = File.OpenRead(path);
            var spec = SpecFor(source, path);
            await using var reader = RowBatchFormats.CreateReader(spec, schema, input);
            var batch = new RowBatch(schema, 1024);
            try
            {
                while (await reader.ReadAsync(batch, cancellationToken))
                {
                    rows += batch.Count;
                    for (var c = 0; c < schema.Count; c++)
                    {
                        for (var r = 0; r < batch.Count; r++)
                        {
                            if (batch.GetValue(r, c) is null)
                            {
                                nulls[schema[c].Name]++;
                            }
                        }
                    }
                }
            }
            catch (FormatException error)
            {
                throw FakeSparkErrors.Spark("MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION", "22023", $"Malformed records are detected in record parsing: {error.Message}", "org.apache.spark.SparkException");
            }
        }

        return (rows, nulls);
    }

    private static FormatSpec SpecFor(Read.Types.DataSource source, string path)
    {
        var gzip = path.EndsWith(".gz", StringComparison.Ordinal);
        return source.Format switch
        {
            "parquet" => new FormatSpec(FileFormat.Parquet, "snappy"),
            "avro" => new FormatSpec(FileFormat.Avro, "null"),
            "json" => new FormatSpec(FileFormat.Json, gzip ? "gzip" : "none"),
            "csv" => new FormatSpec(FileFormat.Csv, gzip ? "gzip" : "none", new CsvOptions
            {
                Header = source.Options.GetValueOrDefault("header") == "true",
                Delimiter = Single(source, "sep", ','),
                Quote = Single(source, "quote", '"'),
                Escape = Single(source, "escape", '"'),
            }),
            _ => throw FakeSparkErrors.Spark("DATA_SOURCE_NOT_FOUND", "42K02", $"Failed to find the data source: {source.Format}."),
        };
    }

    private static char Single(Read.Types.DataSource source, string option, char fallback) =>
        source.Options.TryGetValue(option, out var value) && value.Length == 1 ? value[0] : fallback;
}
