namespace Handoff.Exporter.Databricks.Schedule;

/// <summary>
/// Keys of a Databricks Asset Bundle file that have no Jobs API counterpart, with what to do
/// instead (databricks/cli 7bbe2852, bundle/config/root.go <c>Root</c> and
/// bundle/config/resources/job.go <c>Job</c>, which adds <c>permissions</c> and the
/// <c>BaseResource</c> keys to the SDK's <c>JobSettings</c>).
/// </summary>
public static class BundleKeys
{
    /// <summary>Top-level keys that <c>schedule</c> can translate: only <c>resources</c> (its jobs) and <c>run_as</c> (into the job's).</summary>
    public static readonly string[] Translated = ["resources", "run_as"];

    /// <summary>Top-level keys that describe the bundle, not the job: read and ignored.</summary>
    public static readonly string[] Ignored = ["bundle"];

    /// <summary>Why a top-level bundle key cannot be sent, or null for keys we do not know.</summary>
    public static string? RootReason(string key) => key switch
    {
        "targets" or "environments" => "an Asset Bundle key: targets are chosen by 'databricks bundle deploy -t'; write the settings for one workspace into the job itself",
        "variables" => "an Asset Bundle key: variables are resolved by 'databricks bundle deploy'; write the values into the job itself",
        "permissions" => "an Asset Bundle key: the Jobs API sets no permissions with the job settings; grant them in the workspace or with the Permissions API",
        "include" or "workspace" or "artifacts" or "sync" or "presets" or "experimental" or "scripts" or "python" =>
            "an Asset Bundle key that only 'databricks bundle deploy' uses; schedule sends only the job",
        _ => null,
    };

    /// <summary>Why a key under a job cannot be sent, or null for a key that is simply not a Jobs API field.</summary>
    public static string? JobReason(string key) => key switch
    {
        "permissions" => "an Asset Bundle key: the Jobs API sets no permissions with the job settings; grant them in the workspace or with the Permissions API",
        "lifecycle" or "id" or "url" or "modified_status" => "an Asset Bundle key that only 'databricks bundle deploy' uses",
        _ => null,
    };
}
