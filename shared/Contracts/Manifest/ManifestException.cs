namespace Handoff.Shared.Manifest;

/// <summary>
/// A manifest that cannot be trusted: malformed JSON, a missing or mistyped field, or a value
/// that breaks a rule. <see cref="Field"/> is the JSON path of the offending value
/// ("files[2].path", "schema[0].name"); "$" means the document as a whole.
/// </summary>
public sealed class ManifestException : Exception
{
    public const string Document = "$";

    public ManifestException(string field, string detail)
        : base($"invalid manifest: {field}: {detail}")
    {
        Field = field;
        Detail = detail;
    }

    public ManifestException(string field, string detail, Exception innerException)
        : base($"invalid manifest: {field}: {detail}", innerException)
    {
        Field = field;
        Detail = detail;
    }

    /// <summary>The JSON path of the value that was rejected.</summary>
    public string Field { get; }

    /// <summary>What is wrong with it, without the field prefix.</summary>
    public string Detail { get; }
}
