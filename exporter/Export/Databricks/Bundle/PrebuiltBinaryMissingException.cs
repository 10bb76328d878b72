namespace Handoff.Exporter.Databricks.Bundle;

/// <summary>The prebuilt spark-job binary asked for does not exist; the command line names the option that gave it.</summary>
public sealed class PrebuiltBinaryMissingException(string binaryPath, string fullPath)
    : FileNotFoundException($"the prebuilt spark-job binary {binaryPath} does not exist", fullPath)
{
    /// <summary>The path as it was given.</summary>
    public string BinaryPath { get; } = binaryPath;
}
