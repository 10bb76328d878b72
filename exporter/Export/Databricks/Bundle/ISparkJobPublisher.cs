namespace Handoff.Exporter.Databricks.Bundle;

/// <summary>Produces the spark-job binary that goes into the bundle; tests give a fake, so no test runs a real publish.</summary>
public interface ISparkJobPublisher
{
    /// <summary>Says what will be published, for --dry-run and progress ("dotnet publish spark-job ...").</summary>
    string Description { get; }

    /// <summary>The path of the single-file linux-x64 executable.</summary>
    Task<string> PublishAsync(TextWriter progress, CancellationToken cancellationToken);
}
