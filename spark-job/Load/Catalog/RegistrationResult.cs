namespace Handoff.SparkJob.Catalog;

/// <summary>One statement sent to the warehouse, its id and how it ended.</summary>
public sealed record SentStatement(string Sql, string? StatementId, string? State);

/// <summary>What <c>register</c> did: created the table, or found it already registered at this location (nothing changed).</summary>
public sealed record RegistrationResult(RegistrationTarget Target, bool Created, IReadOnlyList<SentStatement> Statements);
