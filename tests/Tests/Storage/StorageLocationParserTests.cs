using Handoff.Shared.Storage;
using Xunit;

namespace Handoff.Tests.Storage;

public sealed class StorageLocationParserTests
{
    [Fact]
    public void A_relative_local_path_becomes_absolute()
    {
        var location = Assert.IsType<LocalLocation>(StorageLocationParser.Parse("out/exports"));

        Assert.Equal(Path.GetFullPath("out/exports"), location.FullPath);
    }

    [Fact]
    public void An_absolute_local_path_is_kept()
    {
        var path = Path.Combine(Path.GetTempPath(), "handoff", "x");

        Assert.Equal(new LocalLocation(path), StorageLocationParser.Parse(path));
    }

    [Theory]
    [InlineData("file:///data/exports", "/data/exports")]
    [InlineData("file://localhost/data/exports", "/data/exports")]
    [InlineData("file:///data/with%20space", "/data/with space")]
    public void File_urls_become_local_locations(string text, string expected)
    {
        Assert.Equal(new LocalLocation(Path.GetFullPath(expected)), StorageLocationParser.Parse(text));
    }

    [Fact]
    public void An_https_blob_url_names_account_container_and_prefix()
    {
        var location = StorageLocationParser.Parse("https://myacct.blob.core.windows.net/exports/daily/2024/");

        Assert.Equal(new BlobLocation(new Uri("https://myacct.blob.core.windows.net/"), "myacct", "exports", "daily/2024"), location);
        Assert.Equal("https://myacct.blob.core.windows.net/exports/daily/2024", location.ToString());
    }

    [Fact]
    public void A_container_without_prefix_has_an_empty_prefix()
    {
        var location = Assert.IsType<BlobLocation>(StorageLocationParser.Parse("https://myacct.blob.core.windows.net/exports"));

        Assert.Equal("exports", location.Container);
        Assert.Equal(string.Empty, location.Prefix);
    }

    [Fact]
    public void A_sas_query_string_is_kept_apart_and_out_of_the_display_form()
    {
        var location = Assert.IsType<BlobLocation>(StorageLocationParser.Parse("https://myacct.blob.core.windows.net/exports/p?sv=2025-01-05&sp=rl&sig=abc%2Fdef%3D"));

        Assert.Equal("sv=2025-01-05&sp=rl&sig=abc%2Fdef%3D", location.Sas);
        Assert.Equal("https://myacct.blob.core.windows.net/exports/p", location.ToString());
        Assert.Equal("https://myacct.blob.core.windows.net/exports/p/sub", location.Combine("sub").ToString());
    }

    [Theory]
    [InlineData("abfss://exports@myacct.dfs.core.windows.net/daily/x", "daily/x")]
    [InlineData("abfs://exports@myacct.dfs.core.windows.net/daily/x", "daily/x")]
    [InlineData("wasbs://exports@myacct.blob.core.windows.net/daily/x", "daily/x")]
    [InlineData("wasb://exports@myacct.blob.core.windows.net/", "")]
    [InlineData("https://myacct.dfs.core.windows.net/exports/daily/x", "daily/x")]
    public void Hadoop_and_dfs_urls_map_to_the_blob_endpoint(string text, string prefix)
    {
        Assert.Equal(new BlobLocation(new Uri("https://myacct.blob.core.windows.net/"), "myacct", "exports", prefix), StorageLocationParser.Parse(text));
    }

    [Fact]
    public void Sovereign_cloud_suffixes_are_kept()
    {
        var location = Assert.IsType<BlobLocation>(StorageLocationParser.Parse("abfss://c01@acct.dfs.core.chinacloudapi.cn/p"));

        Assert.Equal(new Uri("https://acct.blob.core.chinacloudapi.cn/"), location.ServiceUri);
    }

    [Theory]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/exports/a/b", "http://127.0.0.1:10000/devstoreaccount1/", "a/b")]
    [InlineData("http://localhost:10000/devstoreaccount1/exports", "http://localhost:10000/devstoreaccount1/", "")]
    [InlineData("http://azurite:10000/devstoreaccount1/exports/a", "http://azurite:10000/devstoreaccount1/", "a")]
    public void Emulator_urls_are_path_style(string text, string serviceUri, string prefix)
    {
        Assert.Equal(new BlobLocation(new Uri(serviceUri), "devstoreaccount1", "exports", prefix), StorageLocationParser.Parse(text));
    }

    [Theory]
    [InlineData("s3://bucket/key", "the scheme 's3' is not supported")]
    [InlineData("https://myacct.blob.core.windows.net/", "the container is missing")]
    [InlineData("https://myacct.blob.core.windows.net", "the container is missing")]
    [InlineData("abfss://myacct.dfs.core.windows.net/x", "the container is missing")]
    [InlineData("https://myacct.blob.core.windows.net/Bad_Container/x", "'Bad_Container' is not a valid container name")]
    [InlineData("https://myacct.blob.core.windows.net/ab/x", "'ab' is not a valid container name")]
    [InlineData("https://myacct.blob.core.windows.net/a--b/x", "'a--b' is not a valid container name")]
    [InlineData("https://my_acct.blob.core.windows.net/c01/x", "'my_acct' is not a valid storage account name")]
    [InlineData("https://example.com/container/x", "'example.com' is not a Blob endpoint")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1", "the container is missing")]
    [InlineData("https://myacct.blob.core.windows.net/c01/a/../b", "'.' and '..' segments are not allowed")]
    [InlineData("file://server/share/x", "file URLs must name a local path")]
    [InlineData("   ", "the location is empty")]
    public void Bad_locations_are_invalid_with_the_reason(string text, string reason)
    {
        var error = Assert.Throws<StorageException>(() => StorageLocationParser.Parse(text));

        Assert.Equal(StorageErrorKind.InvalidLocation, error.Kind);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://myacct.blob.core.windows.net/Bad_Container/x?sv=1&sig=TOPSECRET")]
    [InlineData("s3://bucket/key?sig=TOPSECRET")]
    [InlineData("https://example.com/c/x?sig=TOPSECRET")]
    [InlineData("https://user:TOPSECRET@myacct.blob.core.windows.net/c01/x")]
    public void Error_messages_show_the_location_without_query_or_credentials(string text)
    {
        var error = Assert.Throws<StorageException>(() => StorageLocationParser.Parse(text));

        Assert.DoesNotContain("TOPSECRET", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_invalid_location_message_quotes_the_redacted_text()
    {
        var error = Assert.Throws<StorageException>(() => StorageLocationParser.Parse("s3://bucket/key?sig=x"));

        Assert.StartsWith("invalid storage location 's3://bucket/key': ", error.Message, StringComparison.Ordinal);
    }
}
