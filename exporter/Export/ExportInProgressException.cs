using System.Globalization;

namespace Handoff.Exporter.Export;

/// <summary>Another run holds the export id: two runs writing one export would damage each other's files.</summary>
public sealed class ExportInProgressException(string lockLocation, DateTimeOffset since)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"another run has been writing this export id since {since.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({lockLocation}); wait for it, or, if it died, delete that lock (it is taken over by itself after {ExportPipeline.StaleLockAge.TotalHours:0} hours)"));
