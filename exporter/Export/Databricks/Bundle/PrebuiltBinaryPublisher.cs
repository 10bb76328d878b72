namespace Handoff.Exporter.Databricks.Bundle;

/// <summary>Uses a spark-job binary published earlier (<c>--bundle-binary</c>), for machines without the source.</summary>
public sealed class PrebuiltBinaryPublisher(string binaryPath) : ISparkJobPublisher
{
    public string Description => $"the prebuilt binary {binaryPath}";

    public Task<string> PublishAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(binaryPath);
        if (!File.Exists(full))
        {
            throw new PrebuiltBinaryMissingException(binaryPath, full);
        }

        return Task.FromResult(full);
    }
}
