using Handoff.Shared.Cli;
using System.CommandLine;
using Handoff.Exporter.Export;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;

namespace Handoff.Exporter.Cli;

/// <summary>The options of an export, shared by the <c>export</c> and <c>run</c> commands.</summary>
internal sealed class ExportArguments
{
    public Option<long?> SampleRows { get; } = new("--sample-rows") { Description = "Export the built-in deterministic 'customer 360' sample with N rows (DuckDB in memory) instead of --source/--query.", HelpName = "N" };

    public Option<string?> Source { get; } = new("--source") { Description = "duckdb:<file> (read-only), duckdb::memory:, or postgres:<Npgsql connection string>.", HelpName = "SPEC" };

    public Option<string?> Query { get; } = new("--query") { Description = "The SQL query whose result is exported.", HelpName = "SQL" };

    public Option<string> Format { get; } = new("--format") { Description = "Output format: parquet (recommended), avro, csv or json (NDJSON).", HelpName = "parquet|avro|csv|json", DefaultValueFactory = _ => "parquet" };

    public Option<string?> Compression { get; } = new("--compression") { Description = "parquet: snappy (default), gzip, zstd, none. avro: null (default), deflate, snappy. csv/json: none (default), gzip.", HelpName = "CODEC" };

    public Option<string> To { get; } = new("--to") { Description = "Where exports go: a local folder, file://..., https://<account>.blob.core.windows.net/<container>/<prefix>, abfss://<container>@<account>.dfs.core.windows.net/<prefix> or wasbs://. The export is written under <to>/<export-id>/.", HelpName = "LOCATION", Required = true };

    public Option<string?> ExportId { get; } = new("--export-id") { Description = "The export's id and folder name (default: export-<utc time>-<random>). A committed id is never overwritten.", HelpName = "ID" };

    public Option<string> FileNameTemplate { get; } = new("--file-name-template") { Description = "Data file names; tokens {date:yyyyMMdd} (UTC start time, .NET format), {exportId}, {n} or {n:00000} (file number). The extension is added.", HelpName = "TEMPLATE", DefaultValueFactory = _ => Export.FileNameTemplate.Default };

    public Option<long?> SplitRows { get; } = new("--split-rows") { Description = "Start a new file every N rows.", HelpName = "N" };

    public Option<long?> SplitMb { get; } = new("--split-mb") { Description = "Start a new file once a file reaches N megabytes (checked after each batch or row group).", HelpName = "N" };

    public Option<bool> SuccessFile { get; } = new("--success-file") { Description = "Write an empty .DONE marker after the manifest." };

    public Option<bool> CreateContainer { get; } = new("--create-container") { Description = "Create the Blob container if it does not exist (otherwise a missing container is an error)." };

    public Option<int> BatchRows { get; } = new("--batch-rows") { Description = "Rows read from the source per batch.", HelpName = "N", DefaultValueFactory = _ => ExportOptions.DefaultBatchRows };

    public CsvArguments Csv { get; } = new();

    public StorageArguments Storage { get; } = new();

    public IEnumerable<Option> All =>
        new Option[] { SampleRows, Source, Query, Format, Compression, To, ExportId, FileNameTemplate, SplitRows, SplitMb, SuccessFile, CreateContainer, BatchRows }
            .Concat(Csv.All)
            .Concat(Storage.All);

    public ExportInvocation Build(ParseResult parse, DateTimeOffset now)
    {
        var sampleRows = parse.GetValue(SampleRows);
        var sourceText = parse.GetValue(Source);
        var query = parse.GetValue(Query);
        if (sampleRows is null == sourceText is null)
        {
            throw new UsageException("give either --sample-rows N, or --source SPEC with --query SQL");
        }

        if (sampleRows is < 0)
        {
            throw new UsageException($"--sample-rows must be 0 or more, got {sampleRows}");
        }

        if (sourceText is not null && string.IsNullOrWhiteSpace(query))
        {
            throw new UsageException("--source needs --query SQL");
        }

        if (sampleRows is not null && query is not null)
        {
            throw new UsageException("--query goes with --source; --sample-rows exports the built-in sample query");
        }

        var format = BuildFormat(parse);
        var options = new ExportOptions
        {
            ExportId = parse.GetValue(ExportId) ?? ExportIds.NewDefault(now),
            Format = format,
            Split = BuildSplit(parse),
            FileNames = Export.FileNameTemplate.Parse(parse.GetValue(FileNameTemplate)!),
            SuccessFile = parse.GetValue(SuccessFile),
            CreateContainer = parse.GetValue(CreateContainer),
            BatchRows = Positive(parse.GetValue(BatchRows), "--batch-rows"),
        };
        if (ExportIdRules.Problem(options.ExportId) is { } problem)
        {
            throw new UsageException($"--export-id {problem}");
        }

        return new ExportInvocation(sampleRows, sourceText, query, parse.GetValue(To)!, Storage.Build(parse), options);
    }

    private FormatSpec BuildFormat(ParseResult parse)
    {
        var formatText = parse.GetValue(Format)!;
        if (!Enum.TryParse<FileFormat>(formatText, ignoreCase: true, out var type) || !Enum.IsDefined(type) || formatText.Any(char.IsDigit))
        {
            throw new UsageException($"unknown format '{formatText}' (supported: parquet, avro, csv, json)");
        }

        var compression = parse.GetValue(Compression)?.ToLowerInvariant() ?? FormatSpec.DefaultCompression(type);
        if (type == FileFormat.Avro && compression == "none")
        {
            compression = "null";
        }

        if (!FormatSpec.Compressions(type).Contains(compression))
        {
            throw new UsageException($"compression '{compression}' is not available for {formatText} (choose one of: {string.Join(", ", FormatSpec.Compressions(type))})");
        }

        if (type != FileFormat.Csv && Csv.AnyGiven(parse))
        {
            throw new UsageException("--csv-* options apply only to --format csv");
        }

        return new FormatSpec(type, compression, type == FileFormat.Csv ? Csv.Build(parse) : null);
    }

    private SplitPolicy BuildSplit(ParseResult parse)
    {
        var rows = parse.GetValue(SplitRows);
        var mb = parse.GetValue(SplitMb);
        return new SplitPolicy(
            rows is null ? null : Positive(rows.Value, "--split-rows"),
            mb is null ? null : Positive(mb.Value, "--split-mb") * 1_000_000);
    }

    private static T Positive<T>(T value, string option)
        where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new UsageException($"{option} must be greater than 0, got {value}");
}
