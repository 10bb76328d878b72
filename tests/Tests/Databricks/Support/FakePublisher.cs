using Handoff.Exporter.Databricks.Bundle;

namespace Handoff.Tests.Databricks.Support;

/// <summary>Stands in for <c>dotnet publish</c>: writes a small fake binary, so no test publishes for real.</summary>
public sealed class FakePublisher(string folder, string content = "\u007fELF fake spark-job v1") : ISparkJobPublisher
{
    public int Publishes { get; private set; }

    public string Content { get; set; } = content;

    /// <summary>The binary's bytes, when they are not text.</summary>
    public byte[]? Bytes { get; set; }

    public string Description => "a fake spark-job binary";

    public async Task<string> PublishAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        Publishes++;
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "spark-job");
        if (Bytes is { } bytes)
        {
            await File.WriteAllBytesAsync(path, bytes, cancellationToken);
        }
        else
        {
            await File.WriteAllTextAsync(path, Content, cancellationToken);
        }

        return path;
    }
}
