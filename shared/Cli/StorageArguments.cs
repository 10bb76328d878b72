using System.CommandLine;
using Handoff.Shared.Storage;

namespace Handoff.Shared.Cli;

/// <summary>
/// Storage credentials, with the Azure SDK's environment variables as defaults. Prefer the
/// environment to flags: flags are visible to other users in the process list.
/// </summary>
public sealed class StorageArguments
{
    public Option<string?> ConnectionString { get; } = new("--connection-string") { Description = "Azure Storage connection string (default: $AZURE_STORAGE_CONNECTION_STRING).", HelpName = "STRING" };

    public Option<string?> AccountKey { get; } = new("--account-key") { Description = "Storage account key (default: $AZURE_STORAGE_KEY).", HelpName = "KEY" };

    public Option<string?> Sas { get; } = new("--sas") { Description = "SAS token (default: a SAS in the URL, or $AZURE_STORAGE_SAS_TOKEN). Without any of these, DefaultAzureCredential is used.", HelpName = "TOKEN" };

    public IEnumerable<Option> All => [ConnectionString, AccountKey, Sas];

    /// <summary>The storage library's refusal said with these options, as users have always seen it.</summary>
    public static string Describe(NoCredentialOverHttp problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return $"no credential for {problem.Location}: it is served over http (an emulator such as Azurite), where Azure tokens cannot be sent; give a SAS in its URL, --sas, --account-key or --connection-string (or {StorageCredentials.SasVariable}, {StorageCredentials.AccountKeyVariable}, {StorageCredentials.ConnectionStringVariable})";
    }

    public StorageCredentials Build(ParseResult parse) =>
        StorageCredentials.FromEnvironment().WithExplicit(parse.GetValue(ConnectionString), parse.GetValue(AccountKey), parse.GetValue(Sas));
}
