namespace Handoff.Exporter.Databricks.Bundle;

/// <summary>The job bundle could not be built or uploaded.</summary>
public sealed class BundleException(string message, Exception? inner = null) : Exception(message, inner);
