using Handoff.SparkJob.SparkConnect.Client;
using Handoff.SparkJob.SparkConnect.Connection;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>A Spark Connect client for a fake server, with <see cref="SparkRetries.Fast"/>.</summary>
public static class TestClient
{
    public static SparkConnectClient For(string remote, SparkConnectClientOptions? options = null) =>
        new(SparkConnectionString.Parse(remote), (options ?? new SparkConnectClientOptions()) with { Retry = SparkRetries.Fast });
}
