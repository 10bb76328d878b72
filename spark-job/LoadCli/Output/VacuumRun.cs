using Handoff.SparkJob.Delta.Vacuum;

namespace Handoff.SparkJob.Output;

/// <summary>The vacuum that <c>load --vacuum</c> ran after a load that passed: what it deleted, or why it stopped.</summary>
public sealed record VacuumRun(string Table, VacuumResult? Result, Exception? Error);
