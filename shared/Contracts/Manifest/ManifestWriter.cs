using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Handoff.Shared.Manifest;

/// <summary>Writes manifest.json: indented, '\n' line ends, fields always in the same order.</summary>
internal static class ManifestWriter
{
    public const string CreatedAtFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",

        // The manifest is a file, never embedded in HTML: keep '<', '>' and quotes in SQL readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Write(ExportManifest manifest)
    {
        ManifestRules.Check(manifest);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteNumber("manifestVersion", manifest.ManifestVersion);
            writer.WriteString("exportId", manifest.ExportId);
            writer.WriteString("createdAt", manifest.CreatedAt.UtcDateTime.ToString(CreatedAtFormat, CultureInfo.InvariantCulture));
            WriteSource(writer, manifest.Source);
            WriteFormat(writer, manifest.Format);
            WriteSchema(writer, manifest);
            writer.WriteNumber("rowCount", manifest.RowCount);
            WriteFiles(writer, manifest.Files);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteSource(Utf8JsonWriter writer, ManifestSource source)
    {
        writer.WriteStartObject("source");
        writer.WriteString("kind", source.Kind);
        writer.WriteString("query", source.Query);
        writer.WriteString("queryHash", source.QueryHash);
        writer.WriteEndObject();
    }

    private static void WriteFormat(Utf8JsonWriter writer, FormatSpec format)
    {
        writer.WriteStartObject("format");
        writer.WriteString("type", FormatNames.ToText(format.Type));
        writer.WriteString("compression", format.Compression);
        if (format.Type == FileFormat.Csv)
        {
            // A csv spec without options means the defaults; record them so the reader never guesses.
            var csv = format.Csv ?? new CsvOptions();
            writer.WriteStartObject("csv");
            writer.WriteBoolean("header", csv.Header);
            writer.WriteString("delimiter", csv.Delimiter.ToString());
            writer.WriteString("quote", csv.Quote.ToString());
            writer.WriteString("escape", csv.Escape.ToString());
            writer.WriteString("quoteMode", FormatNames.ToText(csv.QuoteMode));
            writer.WriteString("lineEnding", csv.LineEnding);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("csv");
        }

        writer.WriteEndObject();
    }

    private static void WriteSchema(Utf8JsonWriter writer, ExportManifest manifest)
    {
        writer.WriteStartArray("schema");
        foreach (var column in manifest.Schema)
        {
            writer.WriteStartObject();
            writer.WriteString("name", column.Name);
            writer.WriteString("type", column.Type.ToString());
            writer.WriteBoolean("nullable", column.Nullable);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteFiles(Utf8JsonWriter writer, IReadOnlyList<ManifestFile> files)
    {
        writer.WriteStartArray("files");
        foreach (var file in files)
        {
            writer.WriteStartObject();
            writer.WriteString("path", file.Path);
            writer.WriteNumber("rows", file.Rows);
            writer.WriteNumber("bytes", file.Bytes);
            writer.WriteString("checksum", file.Checksum);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
