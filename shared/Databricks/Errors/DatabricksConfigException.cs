namespace Handoff.Shared.Databricks.Errors;

/// <summary>The workspace or its credentials could not be worked out from flags, environment and profile; no call was made.</summary>
public sealed class DatabricksConfigException(string message) : DatabricksException("CONFIG", message);
