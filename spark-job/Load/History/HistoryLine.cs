using Handoff.SparkJob.Delta.History;

namespace Handoff.SparkJob.History;

/// <summary>One line of <c>spark-job history</c>: a version's change, its export and that export's recorded validation.</summary>
public sealed record HistoryLine(VersionChange Change, RecordedValidation? Validation)
{
    /// <summary>The export a load tagged the commit with (its userMetadata).</summary>
    public string? ExportId => Change.UserMetadata;
}
