using Handoff.Shared.Input;

namespace Handoff.SparkJob.Engines.Spark;

/// <summary>
/// A CSV export with binary columns (<paramref name="Columns"/>, quoted), which Spark's CSV
/// reader cannot hold: the facts for a program to say which of its options loads it instead.
/// </summary>
public sealed record BinaryColumnsInSparkCsv(IReadOnlyList<string> Columns) : InputProblem;
