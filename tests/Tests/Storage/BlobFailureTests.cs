using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Handoff.Shared.Storage;
using Handoff.Tests.Fixtures;
using Xunit;

namespace Handoff.Tests.Storage;

/// <summary>Credentials, SAS locations and failures against Azurite: what a user sees when something is wrong.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobFailureTests : IAsyncLifetime
{
    /// <summary>A well-formed key that is not the account's.</summary>
    private const string WrongKey = "V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3Jvbmc=";

    private static readonly CancellationToken None = CancellationToken.None;
    private readonly AzuriteFixture _azurite;
    private string _container = string.Empty;

    public BlobFailureTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    public async Task InitializeAsync() => _container = await _azurite.CreateContainerAsync();

    public Task DisposeAsync() => _azurite.ServiceClient().GetBlobContainerClient(_container).DeleteIfExistsAsync();

    [Fact]
    public async Task A_wrong_account_key_fails_authentication_without_showing_the_key()
    {
        var store = ObjectStoreFactory.Open(_azurite.BlobLocation(_container, "p"), new StorageCredentials { AccountKey = WrongKey });

        var error = await Assert.ThrowsAsync<StorageException>(() => store.PutIfAbsentAsync("a.txt", new byte[] { 1 }, None));

        Assert.Equal(StorageErrorKind.AuthenticationFailed, error.Kind);
        Assert.StartsWith("storage refused the credentials for account 'devstoreaccount1' (", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey[..20], error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_string_with_a_wrong_key_fails_authentication_without_showing_it()
    {
        var connectionString = _azurite.ConnectionString.Replace(AzuriteFixture.AccountKey, WrongKey, StringComparison.Ordinal);
        var store = ObjectStoreFactory.Open(_azurite.BlobLocation(_container, "p"), new StorageCredentials { ConnectionString = connectionString });

        var error = await Assert.ThrowsAsync<StorageException>(() => store.EnsureContainerAsync(false, None));

        Assert.Equal(StorageErrorKind.AuthenticationFailed, error.Kind);
        Assert.DoesNotContain(WrongKey[..20], error.ToString(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<StorageException>(async () => await store.ListAsync("", None).GetAsyncEnumerator().MoveNextAsync());
    }

    [Fact]
    public async Task An_unreachable_endpoint_fails_within_seconds_with_default_options()
    {
        var location = $"http://127.0.0.1:{UnusedPort()}/devstoreaccount1/{_container}/p";
        var store = ObjectStoreFactory.Open(location, _azurite.Credentials with { ConnectionString = null, AccountKey = AzuriteFixture.AccountKey });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StorageException>(() => store.EnsureContainerAsync(false, None));

        Assert.Equal(StorageErrorKind.Unreachable, error.Kind);
        Assert.StartsWith($"cannot reach http://127.0.0.1:{new Uri(location).Port}/devstoreaccount1", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.DoesNotContain(AzuriteFixture.AccountKey[..20], error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_never_echoes_the_sas_of_the_location()
    {
        const string signature = "c2VjcmV0U2lnbmF0dXJlVmFsdWVGb3JUZXN0aW5nT25seQ%3D%3D";
        var location = $"http://127.0.0.1:{UnusedPort()}/devstoreaccount1/{_container}/p?sv=2025-01-05&sr=c&sp=rwl&se=2099-01-01T00%3A00%3A00Z&sig={signature}";
        var store = ObjectStoreFactory.Open(location, StorageCredentials.None, new BlobStoreOptions { MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(50) });

        var uploadError = await Assert.ThrowsAsync<StorageException>(async () =>
        {
            await using var upload = await store.StartUploadAsync("a.bin", None);
            await upload.Content.WriteAsync(new byte[] { 1, 2, 3 }, None);
            await upload.CommitAsync(None);
        });
        var readError = await Assert.ThrowsAsync<StorageException>(() => store.ReadRangeAsync("a.bin", 0, 3, None));

        foreach (var error in new[] { uploadError, readError })
        {
            Assert.Equal(StorageErrorKind.Unreachable, error.Kind);
            Assert.DoesNotContain("sig=", error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("c2VjcmV0U2lnbmF0dXJl", error.ToString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("?", store.Root.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sas_in_the_location_authenticates_and_stays_out_of_the_root()
    {
        var store = ObjectStoreFactory.Open($"{_azurite.BlobLocation(_container, "sas")}?{ContainerSas(_container)}", StorageCredentials.None);

        Assert.True(await store.PutIfAbsentAsync("a.txt", "hello"u8.ToArray(), None));
        await using (var upload = await store.StartUploadAsync("b.bin", None))
        {
            await upload.Content.WriteAsync(new byte[] { 1, 2, 3 }, None);
            await upload.CommitAsync(None);
        }

        Assert.Equal(2, await CountAsync(store));
        Assert.Equal("hello"u8.ToArray(), (await store.ReadRangeAsync("a.txt", 0, 5, None)).ToArray());
        Assert.Equal(_azurite.BlobLocation(_container, "sas"), store.Root.ToString());
    }

    [Fact]
    public async Task A_tampered_sas_fails_authentication_without_showing_the_signature()
    {
        var sas = ContainerSas(_container);
        var signature = Uri.UnescapeDataString(sas.Split('&').Single(p => p.StartsWith("sig=", StringComparison.Ordinal))[4..]);
        var tamperedSignature = Convert.ToBase64String(new byte[32]);
        var tampered = sas.Replace(Uri.EscapeDataString(signature), Uri.EscapeDataString(tamperedSignature), StringComparison.Ordinal);
        Assert.NotEqual(sas, tampered);
        var store = ObjectStoreFactory.Open($"{_azurite.BlobLocation(_container, "sas")}?{tampered}", StorageCredentials.None);

        var error = await Assert.ThrowsAsync<StorageException>(() => store.PutIfAbsentAsync("a.txt", new byte[] { 1 }, None));

        Assert.Equal(StorageErrorKind.AuthenticationFailed, error.Kind);
        Assert.DoesNotContain(tamperedSignature, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(tamperedSignature), error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_from_a_sas_store_runs_on_the_server_with_the_source_sas()
    {
        var sourceContainer = await _azurite.CreateContainerAsync();
        var source = ObjectStoreFactory.Open($"{_azurite.BlobLocation(sourceContainer, "in")}?{ContainerSas(sourceContainer)}", StorageCredentials.None);
        await source.PutIfAbsentAsync("f.bin", new byte[] { 9, 8, 7 }, None);
        var target = ObjectStoreFactory.Open(_azurite.BlobLocation(_container, "out"), _azurite.Credentials);

        var copied = await target.CopyFromAsync(source, "f.bin", "f.bin", None);

        var properties = (await _azurite.ServiceClient().GetBlobContainerClient(_container).GetBlobClient("out/f.bin").GetPropertiesAsync()).Value;
        Assert.Equal(CopyStatus.Success, properties.CopyStatus);
        Assert.Equal(3, copied.Size);
    }

    [Fact]
    public async Task Explicit_credentials_win_over_the_environment()
    {
        var environment = StorageCredentials.FromEnvironment(name => name == StorageCredentials.AccountKeyVariable ? WrongKey : null);

        var good = ObjectStoreFactory.Open(_azurite.BlobLocation(_container, "p"), environment.WithExplicit(connectionString: _azurite.ConnectionString));
        Assert.True(await good.PutIfAbsentAsync("x", new byte[] { 1 }, None));

        var goodEnvironment = StorageCredentials.FromEnvironment(name => name == StorageCredentials.ConnectionStringVariable ? _azurite.ConnectionString : null);
        var bad = ObjectStoreFactory.Open(_azurite.BlobLocation(_container, "p"), goodEnvironment.WithExplicit(accountKey: WrongKey));
        Assert.Equal(StorageErrorKind.AuthenticationFailed, (await Assert.ThrowsAsync<StorageException>(() => bad.PutIfAbsentAsync("y", new byte[] { 1 }, None))).Kind);
    }

    [Fact]
    public async Task A_sas_in_the_location_wins_over_the_environment()
    {
        var environment = StorageCredentials.FromEnvironment(name => name == StorageCredentials.AccountKeyVariable ? WrongKey : null);
        var store = ObjectStoreFactory.Open($"{_azurite.BlobLocation(_container, "p")}?{ContainerSas(_container)}", environment);

        Assert.True(await store.PutIfAbsentAsync("x", new byte[] { 1 }, None));
    }

    [Fact]
    public async Task The_environment_connection_string_is_used_when_nothing_is_explicit()
    {
        var environment = StorageCredentials.FromEnvironment(name => name == StorageCredentials.ConnectionStringVariable ? _azurite.ConnectionString : null);
        var store = ObjectStoreFactory.Open(_azurite.BlobLocation(_container, "p"), environment);

        Assert.True(await store.PutIfAbsentAsync("x", new byte[] { 1 }, None));
    }

    private string ContainerSas(string container)
    {
        var client = new BlobContainerClient(_azurite.ConnectionString, container);
        var uri = client.GenerateSasUri(BlobContainerSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1));
        return uri.Query.TrimStart('?');
    }

    private static async Task<int> CountAsync(IObjectStore store)
    {
        var count = 0;
        await foreach (var item in store.ListAsync("", None))
        {
            count++;
        }

        return count;
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
