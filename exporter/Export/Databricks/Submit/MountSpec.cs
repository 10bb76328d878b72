namespace Handoff.Exporter.Databricks.Submit;

/// <summary>Asks the launcher to mount the export container (idempotently) with a credential from a secret scope.</summary>
public sealed record MountSpec(string Source, string MountPoint, string SecretScope, string SecretKey, string CredentialKind = "account-key", string? ClientId = null, string? TenantId = null);
