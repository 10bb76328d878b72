using Handoff.Shared.Input;

namespace Handoff.Exporter.Databricks;

/// <summary>
/// Why a job to submit or schedule was refused, with the facts the exporter's command line needs
/// to say it with its options (the exception's message names none).
/// </summary>
public abstract record JobProblem : InputProblem;

/// <summary>The job definition file <paramref name="File"/> cannot be used: <paramref name="Detail"/> says why (its line, when it has one).</summary>
public sealed record JobFileRefused(string File, string Detail) : JobProblem;

/// <summary>A bundle file's <c>resources.jobs</c> holds <paramref name="Keys"/>, and not exactly one of them is <paramref name="JobName"/>.</summary>
public sealed record NoJobMatchesName(string File, IReadOnlyList<string> Keys, string? JobName) : JobProblem;

/// <summary>Nothing says where the scheduled job's task (<paramref name="TaskKey"/>) runs: no compute given, configured or in the file.</summary>
public sealed record NoJobCompute(string TaskKey) : JobProblem;

/// <summary>The manifest location to submit ends in no folder, so it names no export id.</summary>
public sealed record ManifestNamesNoExportFolder(string Location) : JobProblem;

/// <summary>A DBFS mount asked for on serverless compute, which has none.</summary>
public sealed record MountOnServerless : JobProblem;
