using System.CommandLine;
using System.Globalization;
using Handoff.Shared.Formats;
using Handoff.Shared.Exports.FromFiles;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema.Mappings;

namespace Handoff.Shared.Cli;

/// <summary>
/// Files that came without a manifest: <c>--files &lt;folder&gt;[/&lt;pattern&gt;] --format F
/// [--schema DDL] [--require-done] [--csv-*]</c>, as <c>exporter manifest</c> and
/// <c>spark-job load</c> take them.
/// </summary>
public sealed class FilesArguments
{
    public FilesArguments(bool required)
    {
        Files = new Option<string?>("--files")
        {
            Description = "Files sent without a manifest (Amperity's own output), loaded as one export: a folder (local or Blob), optionally ending in a file name pattern with * (<folder>/part-*.parquet). Hidden files (_SUCCESS, .DONE, ...) are never data.",
            HelpName = "FOLDER[/PATTERN]",
            Required = required,
        };
        Format.AcceptOnlyFromAmong(FormatNames);
    }

    public Option<string?> Files { get; }

    public Option<string?> Format { get; } = new("--format") { Description = "With --files: the files' format. Parquet takes schema and row counts from the footers, avro its schema from the headers (unless --schema); csv and json (NDJSON) are read with --schema.", HelpName = "parquet|csv|json|avro" };

    public Option<string?> Schema { get; } = new("--schema") { Description = "With --files: the columns as Spark DDL, e.g. \"id BIGINT NOT NULL, name STRING, amount DECIMAL(18,2)\". Required for csv and json (never inferred); for parquet and avro the files' own schema is used (footers, headers), and with --schema every file must have it.", HelpName = "DDL" };

    public Option<bool> RequireDone { get; } = new("--require-done") { Description = "With --files: refuse the folder unless it holds a .DONE file (the sender's success marker)." };

    public CsvArguments Csv { get; } = new(reading: true);

    public IEnumerable<Option> All => new Option[] { Files, Format, Schema, RequireDone }.Concat(Csv.All);

    private static string[] FormatNames => ["parquet", "csv", "json", "avro"];

    public bool Given(ParseResult parse) => parse.GetValue(Files) is not null;

    /// <summary>True when an option that only means something with --files was given.</summary>
    public bool AnyDetailGiven(ParseResult parse) =>
        parse.GetValue(Format) is not null || parse.GetValue(Schema) is not null || parse.GetValue(RequireDone) || Csv.AnyGiven(parse);

    /// <summary>Why the files were refused, said with these options, as users have always seen it.</summary>
    public static string Describe(FilesProblem problem) => problem switch
    {
        WildcardBeforeLastPart p => $"--files '{p.Selection}': a wildcard is allowed only in the last part, the file name pattern (as in <folder>/part-*.parquet)",
        NoDoneFile p => $"{p.Folder} has no {ManifestJson.SuccessFileName} file, and --require-done asks for one: the sender has not finished writing (or does not write a {ManifestJson.SuccessFileName}); nothing was read",
        NoFileMatches p => $"no files in {p.Folder} match '{p.Pattern}' (hidden files, starting with '_' or '.', and manifest.json are never data; --files names a folder, optionally followed by a file name pattern with *); nothing was read",
        NotAnAvroContainer p => $"{p.File} is not an Avro container file whose header can be read ({p.Reason}); give --schema only if it is Avro at all",
        ChangedWhileRead p => string.Create(CultureInfo.InvariantCulture, $"{p.File} changed while it was read ({p.ListedBytes} bytes when listed, {p.ReadBytes} read): is the sender still writing? Run again once it has finished (--require-done waits for its .DONE)"),
        SchemaDiffersFromGiven p => $"{p.File} has a different schema from --schema: {p.Difference}; one export has one schema, so nothing was loaded (select files of one schema with a pattern)",
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem.GetType().Name, "a files problem this command line does not word"),
    };

    public (FileSelection Selection, FilesExportSpec Spec) Build(ParseResult parse)
    {
        var files = parse.GetValue(Files) ?? throw new UsageException("--files is required");
        var formatText = parse.GetValue(Format) ?? throw new UsageException("--files needs --format parquet|csv|json|avro");
        var format = formatText switch
        {
            "parquet" => FileFormat.Parquet,
            "csv" => FileFormat.Csv,
            "json" => FileFormat.Json,
            _ => FileFormat.Avro,
        };
        var schemaText = parse.GetValue(Schema);
        if (schemaText is null && format is FileFormat.Csv or FileFormat.Json)
        {
            throw new UsageException($"--format {formatText} needs --schema \"<Spark DDL>\" (for example \"id BIGINT, name STRING\"): the columns of {formatText} files are never inferred");
        }

        if (format != FileFormat.Csv && Csv.AnyGiven(parse))
        {
            throw new UsageException("--csv-* options apply only to --format csv");
        }

        var spec = new FilesExportSpec
        {
            Format = format,
            Csv = format == FileFormat.Csv ? Csv.Build(parse) : null,
            Schema = schemaText is null ? null : SparkDdlSchema.Parse(schemaText),
            RequireDone = parse.GetValue(RequireDone),
        };
        return (FileSelection.Parse(files), spec);
    }
}
