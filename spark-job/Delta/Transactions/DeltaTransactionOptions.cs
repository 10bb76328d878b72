using System.Reflection;

namespace Handoff.SparkJob.Delta.Transactions;

/// <summary>How transactions commit: retry bound, checkpoint cadence, clock and engine identity.</summary>
public sealed record DeltaTransactionOptions
{
    public static DeltaTransactionOptions Default { get; } = new();

    /// <summary>Put-if-absent attempts before giving up when other writers keep winning.</summary>
    public int MaxCommitAttempts { get; init; } = 100;

    /// <summary>Checkpoint every this many versions unless the table sets delta.checkpointInterval.</summary>
    public int CheckpointInterval { get; init; } = 10;

    /// <summary>Tombstones younger than this stay in checkpoints of tables that do not set delta.deletedFileRetentionDuration (Delta's default for it).</summary>
    public TimeSpan TombstoneRetention { get; init; } = TimeSpan.FromDays(7);

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>commitInfo.engineInfo.</summary>
    public string EngineInfo { get; init; } = "handoff-spark-job/" + ProductVersion();

    private static string ProductVersion()
    {
        var assembly = typeof(DeltaTransactionOptions).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
