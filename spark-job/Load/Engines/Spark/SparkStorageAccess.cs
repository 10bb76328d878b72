using Handoff.SparkJob.SparkConnect.Client;

namespace Handoff.SparkJob.Engines.Spark;

/// <summary>Gives a Spark session the job's storage access: its secrets masked in messages, then its confs set.</summary>
public static class SparkStorageAccess
{
    public static async Task ApplyAsync(SparkConnectClient client, StorageAccessConfs storage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(storage);
        foreach (var secret in storage.Secrets)
        {
            client.Secrets.Add(secret);
        }

        if (storage.Confs.Count > 0)
        {
            await client.SetConfAsync(storage.Confs, cancellationToken);
        }
    }
}
