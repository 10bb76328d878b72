namespace Handoff.SparkJob.Delta.Errors;

/// <summary>The table's minReaderVersion or minWriterVersion is beyond what this code implements.</summary>
public sealed class UnsupportedProtocolVersionException : DeltaException
{
    public UnsupportedProtocolVersionException(int requiredVersion, int supportedVersion, bool forWriting, string message)
        : base(DeltaErrorKind.UnsupportedProtocol, message)
    {
        RequiredVersion = requiredVersion;
        SupportedVersion = supportedVersion;
        ForWriting = forWriting;
    }

    public int RequiredVersion { get; }

    public int SupportedVersion { get; }

    /// <summary>True when the writer protocol was refused, false for the reader protocol.</summary>
    public bool ForWriting { get; }
}
