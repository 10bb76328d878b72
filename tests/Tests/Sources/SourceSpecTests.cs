using Handoff.Exporter.Sources;
using Xunit;

namespace Handoff.Tests.Sources;

public class SourceSpecTests
{
    [Theory]
    [InlineData("duckdb:/data/warehouse.duckdb", "/data/warehouse.duckdb")]
    [InlineData("duckdb:relative/file.db", "relative/file.db")]
    [InlineData("DuckDB:C:\\data\\w.duckdb", "C:\\data\\w.duckdb")]
    [InlineData("duckdb:", SourceSpec.InMemory)]
    [InlineData("duckdb::memory:", SourceSpec.InMemory)]
    public void Duckdb_specs_name_a_file_or_memory(string text, string target)
    {
        var spec = SourceSpec.Parse(text);
        Assert.Equal("duckdb", spec.Kind);
        Assert.Equal(target, spec.Target);
        Assert.Equal(target == SourceSpec.InMemory, spec.IsInMemory);
    }

    [Theory]
    [InlineData("postgres:Host=db;Username=me;Database=shop")]
    [InlineData("postgresql:Host=db;Username=me;Database=shop")]
    public void Postgres_specs_carry_the_connection_string(string text)
    {
        var spec = SourceSpec.Parse(text);
        Assert.Equal("postgres", spec.Kind);
        Assert.Equal("Host=db;Username=me;Database=shop", spec.Target);
    }

    [Fact]
    public void An_unknown_kind_is_named_with_the_supported_ones()
    {
        var error = Assert.Throws<UnsupportedSourceException>(() => SourceSpec.Parse("mysql:Server=db;Password=hunter2"));
        Assert.Equal("unsupported source type 'mysql' (supported: duckdb, postgres)", error.Message);
    }

    [Theory]
    [InlineData("Host=db;Password=hunter2")]
    [InlineData("Host=db;Password=a:hunter2")]
    [InlineData("")]
    public void Text_without_a_type_prefix_is_refused_without_echoing_it(string text)
    {
        var error = Assert.Throws<UnsupportedSourceException>(() => SourceSpec.Parse(text));
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.Contains("duckdb:<file>", error.Message);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_without_echoing_the_password()
    {
        var error = Assert.Throws<UnsupportedSourceException>(() => SourceSpec.Parse("postgres:Host=db;Password=hunter2;Port=notanumber"));
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.Contains("connection string is not valid", error.Message);
    }

    [Fact]
    public void Printing_a_spec_masks_the_password()
    {
        var spec = SourceSpec.Parse("postgres:Host=db;Username=me;Password=hunter2");
        Assert.DoesNotContain("hunter2", spec.ToString());
        Assert.Contains("Password=***", spec.ToString());
        Assert.StartsWith("postgres:", spec.ToString());
    }

    [Fact]
    public async Task An_in_memory_duckdb_spec_opens_a_working_source()
    {
        await using var source = await SourceFactory.OpenAsync(SourceSpec.Parse("duckdb:"), CancellationToken.None);
        Assert.Equal("duckdb", source.Kind);
        var rows = await QueryResults.QueryAsync(source, "SELECT 42 AS answer");
        Assert.Equal(42, Assert.Single(rows)[0]);
    }
}
