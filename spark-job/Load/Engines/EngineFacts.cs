using Handoff.SparkJob.Validation;

namespace Handoff.SparkJob.Engines;

/// <summary>Table facts plus the rows the table holds for each export file (by manifest path; absent when unknown).</summary>
public sealed record EngineFacts(TableFacts Table, IReadOnlyDictionary<string, long> RowsBySourceFile);
