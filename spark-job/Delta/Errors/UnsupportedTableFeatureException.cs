namespace Handoff.SparkJob.Delta.Errors;

/// <summary>The table uses a table feature (e.g. <c>catalogManaged</c>) that this code refuses rather than misread.</summary>
public sealed class UnsupportedTableFeatureException : DeltaException
{
    public UnsupportedTableFeatureException(string featureName, string message)
        : base(DeltaErrorKind.UnsupportedFeature, message)
    {
        FeatureName = featureName;
    }

    /// <summary>The feature's protocol name, e.g. "v2Checkpoint" or "columnMapping".</summary>
    public string FeatureName { get; }
}
