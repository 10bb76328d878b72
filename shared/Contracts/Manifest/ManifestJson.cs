namespace Handoff.Shared.Manifest;

/// <summary>
/// manifest.json in and out. <see cref="Parse"/> is strict: anything it does not fully
/// understand is a <see cref="ManifestException"/> naming the field, never a guess.
/// </summary>
public static class ManifestJson
{
    public const string FileName = "manifest.json";

    /// <summary>The optional success marker written after the manifest (and by other senders after their files).</summary>
    public const string SuccessFileName = ".DONE";

    /// <summary>Larger inputs are refused before parsing.</summary>
    public const int MaxBytes = ManifestReader.MaxBytes;

    private const string SchemaResource = "manifest.schema.json";

    private static readonly Lazy<string> Schema = new(LoadSchema);

    /// <summary>The JSON Schema (draft 2020-12) of manifest.json, as shipped in this assembly.</summary>
    public static string SchemaText => Schema.Value;

    /// <summary>UTF-8 JSON, indented, stable field order; checks <see cref="ManifestRules"/> first.</summary>
    public static byte[] Serialize(ExportManifest manifest) => ManifestWriter.Write(manifest);

    public static ExportManifest Parse(ReadOnlySpan<byte> utf8) => ManifestReader.Read(utf8);

    public static async Task<ExportManifest> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw ManifestReader.TooLarge(buffer.Length + read);
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static string LoadSchema()
    {
        using var stream = typeof(ManifestJson).Assembly.GetManifestResourceStream(SchemaResource)
            ?? throw new InvalidOperationException($"the embedded resource {SchemaResource} is missing from {typeof(ManifestJson).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
