using Handoff.Shared.Formats;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Handoff.Shared.Storage;
using Handoff.SparkJob.SparkConnect.Plans;
using Spark.Connect;

namespace Handoff.SparkJob.Engines.Spark;

/// <summary>
/// How Spark reads an export: exactly the manifest's files, parsed with the manifest's schema
/// as DDL (never inferred) and options that match what the exporter wrote. Types a format's
/// Spark reader cannot hold are refused here, before anything is written.
/// </summary>
public sealed record ExportRead(string Format, string SchemaDdl, IReadOnlyDictionary<string, string> Options, IReadOnlyList<string> Paths)
{
    // Our text encodings (see TextValueMapping): ISO timestamps in UTC with microseconds, ISO dates.
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX";
    private const string DateFormat = "yyyy-MM-dd";

    public Relation Relation => SparkPlans.ReadFiles(Format, SchemaDdl, Options, Paths);

    public static ExportRead For(ExportManifest manifest, StorageLocation exportFolder)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(exportFolder);
        EnsureReadable(manifest);
        var folder = SparkPaths.For(exportFolder);
        var paths = manifest.Files.Select(f => SparkPaths.Combine(folder, f.Path)).ToList();
        var (format, options) = manifest.Format.Type switch
        {
            FileFormat.Parquet => ("parquet", new Dictionary<string, string>()),
            FileFormat.Avro => ("avro", new Dictionary<string, string>()),
            FileFormat.Csv => ("csv", CsvOptionsFor(manifest.Format.Csv ?? new CsvOptions())),
            FileFormat.Json => ("json", JsonOptions()),
            var other => throw new InputDataException($"the spark engine cannot read format {other}"),
        };
        return new ExportRead(format, SparkDdl.Columns(manifest.Schema), options, paths);
    }

    /// <summary>Refuses manifest columns that Spark's reader for the export's format cannot express.</summary>
    public static void EnsureReadable(ExportManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Format.Type == FileFormat.Csv)
        {
            var binary = manifest.Schema.Where(c => c.Type.Kind == LogicalKind.Binary).Select(c => $"'{c.Name}'").ToList();
            if (binary.Count > 0)
            {
                throw new InputDataException(
                    $"column {string.Join(", ", binary)} is binary, which Spark's CSV reader cannot express (it has no binary type); nothing was loaded: export this query as Parquet, Avro or JSON, or load it with the embedded engine",
                    new BinaryColumnsInSparkCsv(binary));
            }
        }
    }

    private static Dictionary<string, string> CsvOptionsFor(CsvOptions csv) => new(StringComparer.Ordinal)
    {
        ["header"] = csv.Header ? "true" : "false",
        ["sep"] = csv.Delimiter.ToString(),

        // No quoting at all is an empty quote option to Spark.
        ["quote"] = csv.QuoteMode == CsvQuoteMode.None ? string.Empty : csv.Quote.ToString(),
        ["escape"] = csv.Escape.ToString(),
        ["multiLine"] = "true",
        ["mode"] = "FAILFAST",
        ["nullValue"] = string.Empty,
        ["nanValue"] = "NaN",
        ["positiveInf"] = "Infinity",
        ["negativeInf"] = "-Infinity",
        ["ignoreLeadingWhiteSpace"] = "false",
        ["ignoreTrailingWhiteSpace"] = "false",
        ["timestampFormat"] = TimestampFormat,
        ["dateFormat"] = DateFormat,
        ["encoding"] = "UTF-8",
    };

    private static Dictionary<string, string> JsonOptions() => new(StringComparer.Ordinal)
    {
        ["mode"] = "FAILFAST",
        ["timestampFormat"] = TimestampFormat,
        ["dateFormat"] = DateFormat,
        ["encoding"] = "UTF-8",
    };
}
