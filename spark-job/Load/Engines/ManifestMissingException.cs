namespace Handoff.SparkJob.Engines;

/// <summary>The export has no manifest, so it was never committed and must not be loaded.</summary>
public sealed class ManifestMissingException(string manifestLocation)
    : Exception($"no manifest at {manifestLocation}: an export without a manifest was never committed and is not loaded");
