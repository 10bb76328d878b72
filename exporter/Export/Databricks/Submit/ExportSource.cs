namespace Handoff.Exporter.Databricks.Submit;

/// <summary>
/// What the job on Databricks loads: one committed export (<c>--manifest</c>), or the exports
/// under a prefix (<c>--exports</c>: the newest, or every one not loaded yet in append), which
/// is what a daily schedule needs, since tomorrow's export does not exist when the job is made.
/// </summary>
public sealed record ExportSource
{
    private ExportSource(string option, string parameterName, string location)
    {
        Option = option;
        ParameterName = parameterName;
        Location = location;
    }

    /// <summary>spark-job's option: "--manifest" or "--exports".</summary>
    public string Option { get; }

    /// <summary>The job parameter a schedule keeps the location in: "manifest" or "exports".</summary>
    public string ParameterName { get; }

    public string Location { get; init; }

    public bool IsPrefix => Option == "--exports";

    public static ExportSource Manifest(string location) => new("--manifest", "manifest", location);

    public static ExportSource Exports(string prefix) => new("--exports", "exports", prefix);

    /// <summary>The same source, its location read from the job parameter at run time (<c>{{job.parameters.exports}}</c>).</summary>
    public ExportSource AsJobParameter() => this with { Location = "{{job.parameters." + ParameterName + "}}" };
}
