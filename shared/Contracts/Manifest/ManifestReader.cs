using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Handoff.Shared.Schema;

namespace Handoff.Shared.Manifest;

/// <summary>
/// Reads manifest.json as untrusted input: the version first (so a newer manifest gets a
/// "version" error, not an "unknown field" one), then the exact shape, then
/// <see cref="ManifestRules"/>.
/// </summary>
internal static partial class ManifestReader
{
    public const int MaxBytes = 64 * 1024 * 1024;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 16,
    };

    public static ExportManifest Read(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes)
        {
            throw TooLarge(utf8.Length);
        }

        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        using var document = ParseJson(utf8);
        var manifest = ReadRoot(document.RootElement);
        ManifestRules.Check(manifest);
        return manifest;
    }

    public static ManifestException TooLarge(long length) =>
        new(ManifestException.Document, string.Create(CultureInfo.InvariantCulture, $"is larger than the {MaxBytes / (1024 * 1024)} MiB a manifest may be ({length} bytes or more); is this really a manifest.json?"));

    private static JsonDocument ParseJson(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, ReaderOptions);
            var document = JsonDocument.ParseValue(ref reader);
            try
            {
                // Reading past the value throws on anything but trailing whitespace.
                reader.Read();
            }
            catch
            {
                document.Dispose();
                throw;
            }

            return document;
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var position = (e.BytePositionInLine ?? 0) + 1;
            var reason = e.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0)
            {
                reason = reason[..cut];
            }

            throw new ManifestException(ManifestException.Document, string.Create(CultureInfo.InvariantCulture, $"is not valid JSON at line {line}, position {position}: {reason}"), e);
        }
    }

    private static ExportManifest ReadRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw StrictJsonObject.WrongType(ManifestException.Document, "an object", root);
        }

        if (!root.TryGetProperty("manifestVersion", out var versionElement))
        {
            throw new ManifestException("manifestVersion", "is required but missing");
        }

        var version = StrictJsonObject.Int64(versionElement, "manifestVersion");
        if (version != ExportManifest.CurrentVersion)
        {
            throw new ManifestException("manifestVersion", ManifestRules.UnsupportedVersion(version));
        }

        var obj = StrictJsonObject.Of(root, string.Empty, "manifestVersion", "exportId", "createdAt", "source", "format", "schema", "rowCount", "files");
        return new ExportManifest
        {
            ManifestVersion = (int)version,
            ExportId = obj.String("exportId"),
            CreatedAt = ReadCreatedAt(obj),
            Source = ReadSource(obj.Object("source", "kind", "query", "queryHash")),
            Format = ReadFormat(obj.Object("format", "type", "compression", "csv")),
            Schema = ReadSchema(obj),
            RowCount = obj.Int64("rowCount"),
            Files = ReadFiles(obj),
        };
    }

    private static DateTimeOffset ReadCreatedAt(StrictJsonObject obj)
    {
        var text = obj.String("createdAt");
        if (!TimestampPattern().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw new ManifestException("createdAt", $"'{Printable.Text(text)}' is not an ISO-8601 timestamp with a time zone, like 2026-11-25T10:00:00.123Z");
        }

        return value.ToUniversalTime();
    }

    private static ManifestSource ReadSource(StrictJsonObject source) =>
        new(source.String("kind"), source.String("query"), source.String("queryHash"));

    private static FormatSpec ReadFormat(StrictJsonObject format)
    {
        var typeText = format.String("type");
        var type = FormatNames.ParseFormat(typeText)
            ?? throw new ManifestException("format.type", $"'{Printable.Text(typeText)}' is not a file format (use one of: {string.Join(", ", FormatNames.Formats)})");
        var compression = format.String("compression");
        var csv = format.ObjectOrNull("csv", "header", "delimiter", "quote", "escape", "quoteMode", "lineEnding");
        if (type == FileFormat.Csv && csv is null)
        {
            throw new ManifestException("format.csv", "is required for csv: an object with header, delimiter, quote, escape, quoteMode and lineEnding");
        }

        return new FormatSpec(type, compression, csv is { } options ? ReadCsv(options) : null);
    }

    private static CsvOptions ReadCsv(StrictJsonObject csv)
    {
        var quoteModeText = csv.String("quoteMode");
        return new CsvOptions
        {
            Header = csv.Boolean("header"),
            Delimiter = SingleChar(csv, "delimiter"),
            Quote = SingleChar(csv, "quote"),
            Escape = SingleChar(csv, "escape"),
            QuoteMode = FormatNames.ParseQuoteMode(quoteModeText)
                ?? throw new ManifestException(csv.PathOf("quoteMode"), $"'{Printable.Text(quoteModeText)}' is not a quote mode (use one of: {string.Join(", ", FormatNames.QuoteModes)})"),
            LineEnding = csv.String("lineEnding"),
        };
    }

    private static char SingleChar(StrictJsonObject obj, string name)
    {
        var text = obj.String(name);
        return text.Length == 1
            ? text[0]
            : throw new ManifestException(obj.PathOf(name), $"'{Printable.Text(text)}' must be exactly one character");
    }

    private static TableSchema ReadSchema(StrictJsonObject obj)
    {
        var columns = new List<Column>();
        foreach (var element in obj.Array("schema"))
        {
            var path = $"schema[{columns.Count}]";
            var column = StrictJsonObject.Of(element, path, "name", "type", "nullable");
            columns.Add(new Column(column.String("name"), ReadType(column), column.Boolean("nullable")));
        }

        try
        {
            return new TableSchema(columns);
        }
        catch (SchemaException e)
        {
            throw new ManifestException($"schema[{FirstBadName(columns)}].name", e.Message, e);
        }
    }

    private static LogicalType ReadType(StrictJsonObject column)
    {
        var text = column.String("type");
        if (!LogicalType.TryParse(text, out var type))
        {
            throw new ManifestException(column.PathOf("type"), $"'{Printable.Text(text)}' is not a supported column type (expected one of: string long integer short byte double float boolean binary date timestamp decimal(p,s))");
        }

        // One spelling per type keeps manifests directly comparable with Delta schemas.
        var canonical = type!.ToString();
        return canonical == text
            ? type
            : throw new ManifestException(column.PathOf("type"), $"'{Printable.Text(text)}' is not the manifest spelling of this type; write '{canonical}'");
    }

    /// <summary>The index of the column whose name the rules reject, found by growing the checked prefix.</summary>
    private static int FirstBadName(List<Column> columns)
    {
        for (var count = 1; count <= columns.Count; count++)
        {
            try
            {
                ColumnNameRules.Check(columns.Take(count).Select(c => c.Name));
            }
            catch (SchemaException)
            {
                return count - 1;
            }
        }

        return 0;
    }

    private static List<ManifestFile> ReadFiles(StrictJsonObject obj)
    {
        var files = new List<ManifestFile>();
        foreach (var element in obj.Array("files"))
        {
            var file = StrictJsonObject.Of(element, $"files[{files.Count}]", "path", "rows", "bytes", "checksum");
            files.Add(new ManifestFile(file.String("path"), file.Int64("rows"), file.Int64("bytes"), file.String("checksum")));
        }

        return files;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();
}
