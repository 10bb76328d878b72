using Handoff.Shared.Storage;
using Xunit;

namespace Handoff.Tests.Storage;

public sealed class StorageCredentialsTests
{
    private const string Secret = "U2VjcmV0S2V5VmFsdWVUaGF0TXVzdE5ldmVyQmVQcmludGVk";

    [Fact]
    public void The_environment_variables_are_read_into_the_fallback()
    {
        var variables = new Dictionary<string, string>
        {
            [StorageCredentials.ConnectionStringVariable] = "UseDevelopmentStorage=true",
            [StorageCredentials.AccountKeyVariable] = Secret,
            [StorageCredentials.SasVariable] = "?sv=1&sig=x",
        };

        var credentials = StorageCredentials.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.False(credentials.HasSecret);
        Assert.Equal("UseDevelopmentStorage=true", credentials.Environment!.ConnectionString);
        Assert.Equal(Secret, credentials.Environment.AccountKey);
        Assert.Equal("?sv=1&sig=x", credentials.Environment.Sas);
    }

    [Fact]
    public void An_empty_environment_leaves_only_the_default_credential()
    {
        var credentials = StorageCredentials.FromEnvironment(_ => "  ");

        Assert.Null(credentials.Environment);
        Assert.Equal("default Azure credential", credentials.ToString());
    }

    [Fact]
    public void Explicit_values_are_set_next_to_the_environment()
    {
        var credentials = StorageCredentials.FromEnvironment(name => name == StorageCredentials.SasVariable ? "sv=1" : null).WithExplicit(accountKey: Secret);

        Assert.True(credentials.HasSecret);
        Assert.Equal(Secret, credentials.AccountKey);
        Assert.Equal("sv=1", credentials.Environment!.Sas);
    }

    [Fact]
    public void The_display_form_names_the_kinds_of_credential_never_their_values()
    {
        var credentials = new StorageCredentials { ConnectionString = $"AccountName=a;AccountKey={Secret}", AccountKey = Secret, Sas = $"sig={Secret}" }
            with { Environment = new StorageCredentials { AccountKey = Secret } };

        var text = credentials.ToString();

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Equal("connection string, account key, SAS, environment (account key)", text);
    }

    [Fact]
    public void A_connection_string_for_another_account_is_refused_naming_both_accounts()
    {
        var credentials = new StorageCredentials { ConnectionString = $"DefaultEndpointsProtocol=https;AccountName=otheracct;AccountKey={Secret};EndpointSuffix=core.windows.net" };

        var error = Assert.Throws<StorageException>(() => ObjectStoreFactory.Open("https://myacct.blob.core.windows.net/exports/p", credentials));

        Assert.Equal(StorageErrorKind.InvalidLocation, error.Kind);
        Assert.Contains("'myacct'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'otheracct'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_development_storage_connection_string_matches_emulator_locations()
    {
        var store = ObjectStoreFactory.Open("http://127.0.0.1:10000/devstoreaccount1/exports/p", new StorageCredentials { ConnectionString = "UseDevelopmentStorage=true" });

        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/exports/p", store.Root.ToString());
    }

    [Theory]
    [InlineData("AccountKey=" + Secret)]
    [InlineData("this is not a connection string " + Secret)]
    public void A_malformed_connection_string_is_refused_without_echoing_it(string connectionString)
    {
        var error = Assert.Throws<StorageException>(() => ObjectStoreFactory.Open("https://myacct.blob.core.windows.net/exports", new StorageCredentials { ConnectionString = connectionString }));

        Assert.Equal(StorageErrorKind.AuthenticationFailed, error.Kind);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_key_that_is_not_base64_is_refused_without_echoing_it()
    {
        const string notBase64 = "not base64 at all!";

        var error = Assert.Throws<StorageException>(() => ObjectStoreFactory.Open("https://myacct.blob.core.windows.net/exports", new StorageCredentials { AccountKey = notBase64 }));

        Assert.Equal(StorageErrorKind.AuthenticationFailed, error.Kind);
        Assert.DoesNotContain(notBase64, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Local_locations_open_a_local_store_whatever_the_credentials()
    {
        var folder = Path.Combine(Path.GetTempPath(), "handoff-factory-test");

        var store = ObjectStoreFactory.Open(folder, new StorageCredentials { AccountKey = Secret });

        Assert.Equal(Path.GetFullPath(folder), Assert.IsType<LocalObjectStore>(store).RootFullPath);
    }
}
