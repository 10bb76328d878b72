using System.Reflection;
using Spark.Connect;

namespace Handoff.SparkJob.SparkConnect.Client;

/// <summary>
/// Who is calling: the session id (a UUID per client, unless the connection string fixes one),
/// the user context every request carries, and client_type
/// (<c>&lt;product&gt;/&lt;version&gt; dotnet/&lt;runtime&gt;</c>). The user context holds only
/// user_id, as PySpark sends it (python/pyspark/sql/connect/client/core.py sets
/// <c>user_context.user_id</c> and never user_name).
/// </summary>
public sealed class ClientIdentity(string sessionId, string userId, string clientType)
{
    public string SessionId { get; } = sessionId;

    public UserContext UserContext { get; } = new() { UserId = userId };

    public string ClientType { get; } = clientType;

    /// <summary>"&lt;product&gt;/&lt;assembly version&gt; dotnet/&lt;runtime version&gt;".</summary>
    public static string ClientTypeFor(string product)
    {
        var assembly = typeof(ClientIdentity).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

        // Drop the "+commit" build metadata: client_type is for logs, not provenance.
        var version = informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        return $"{product}/{version} dotnet/{Environment.Version}";
    }
}
