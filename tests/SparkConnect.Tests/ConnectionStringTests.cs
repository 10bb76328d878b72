using Handoff.SparkJob.SparkConnect.Connection;
using Xunit;

namespace Handoff.Tests.SparkConnect;

/// <summary>The sc:// connection string: defaults, parameters, TLS and token rules, and errors that name the wrong part.</summary>
public sealed class ConnectionStringTests
{
    [Fact]
    public void A_bare_host_uses_port_15002_in_plain_text()
    {
        var connection = SparkConnectionString.Parse("sc://spark.example");

        Assert.Equal("spark.example", connection.Host);
        Assert.Equal(15002, connection.Port);
        Assert.False(connection.UseSsl);
        Assert.Equal(new Uri("http://spark.example:15002"), connection.Address);
    }

    [Fact]
    public void Parameters_are_read_and_unknown_ones_become_headers()
    {
        var connection = SparkConnectionString.Parse("sc://h:443/;token=abc%3D%3D;user_id=ana;session_id=00112233-4455-6677-8899-aabbccddeeff;x-databricks-cluster-id=0123-abc;user_agent=etl");

        Assert.Equal("abc==", connection.Token);
        Assert.True(connection.UseSsl);
        Assert.Equal("ana", connection.UserId);
        Assert.Equal("00112233-4455-6677-8899-aabbccddeeff", connection.SessionId);
        Assert.Equal("etl", connection.UserAgent);
        Assert.Equal([new KeyValuePair<string, string>("x-databricks-cluster-id", "0123-abc")], connection.Headers);
        Assert.Equal(new Uri("https://h:443"), connection.Address);
    }

    [Fact]
    public void Use_ssl_without_a_token_turns_on_tls()
    {
        Assert.True(SparkConnectionString.Parse("sc://h:1/;use_ssl=true").UseSsl);
        Assert.False(SparkConnectionString.Parse("sc://h:1/;use_ssl=false").UseSsl);
    }

    [Fact]
    public void An_ipv6_host_is_bracketed_in_the_address()
    {
        var connection = SparkConnectionString.Parse("sc://[::1]:15003");

        Assert.Equal("::1", connection.Host);
        Assert.Equal(new Uri("http://[::1]:15003"), connection.Address);
    }

    [Fact]
    public void A_token_over_plain_text_is_refused_without_echoing_it()
    {
        var error = Assert.Throws<SparkConnectionStringException>(() => SparkConnectionString.Parse("sc://h:15002/;token=s3cr3t-value;use_ssl=false"));

        Assert.Equal("token", error.Part);
        Assert.Contains("plain text", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_masks_the_token_and_secret_looking_headers()
    {
        var connection = SparkConnectionString.Parse("sc://h:443/;token=s3cr3t-value;x-api-key=k3y-value;x-databricks-cluster-id=c1");

        var text = connection.ToString();

        Assert.DoesNotContain("s3cr3t-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("k3y-value", text, StringComparison.Ordinal);
        Assert.Contains("token=***", text, StringComparison.Ordinal);
        Assert.Contains("x-databricks-cluster-id=c1", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://h:15002", "scheme")]
    [InlineData("h:15002", "scheme")]
    [InlineData("sc://:15002", "host")]
    [InlineData("sc://bad host:15002", "host")]
    [InlineData("sc://h:port", "port")]
    [InlineData("sc://h:70000", "port")]
    [InlineData("sc://h:15002/path", "path")]
    [InlineData("sc://h:15002;token=x", "path")]
    [InlineData("sc://h:15002/;novalue", "parameter 'novalue'")]
    [InlineData("sc://h:15002/;use_ssl=maybe", "use_ssl")]
    [InlineData("sc://h:15002/;session_id=42", "session_id")]
    [InlineData("sc://h:15002/;token=", "token")]
    [InlineData("sc://h:15002/;X Header=1", "parameter 'x header'")]
    [InlineData("sc://h:15002/;grpc-timeout=1", "parameter 'grpc-timeout'")]
    [InlineData("sc://h:15002/;user_id=a;user_id=b", "parameter 'user_id'")]
    public void A_malformed_string_names_the_wrong_part(string text, string part)
    {
        var error = Assert.Throws<SparkConnectionStringException>(() => SparkConnectionString.Parse(text));

        Assert.Equal(part, error.Part);
        Assert.StartsWith($"invalid Spark Connect connection string: {part}:", error.Message, StringComparison.Ordinal);
    }
}
