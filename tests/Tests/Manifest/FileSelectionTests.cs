using Handoff.Shared.Exports.FromFiles;
using Handoff.Shared.Input;
using Handoff.Shared.Storage;
using Xunit;

namespace Handoff.Tests.Manifest;

/// <summary>--files FOLDER[/PATTERN]: the folder, the pattern, and which names are data.</summary>
public sealed class FileSelectionTests
{
    [Fact]
    public void A_local_folder_alone_takes_every_visible_file_directly_in_it()
    {
        var selection = FileSelection.Parse("/data/amperity/2025-01-01");

        Assert.Equal(new LocalLocation("/data/amperity/2025-01-01"), selection.Folder);
        Assert.Null(selection.Pattern);
        Assert.True(selection.Takes("part-00000.parquet"));
        Assert.True(selection.Takes("customers.csv"));
        Assert.False(selection.Takes(".DONE"));
        Assert.False(selection.Takes("_SUCCESS"));
        Assert.False(selection.Takes(".part-00000.parquet.crc"));
        Assert.False(selection.Takes("part-00001.parquet._COPYING_"));
        Assert.False(selection.Takes("manifest.json"));
        Assert.False(selection.Takes("sub/part-00000.parquet"));
    }

    [Fact]
    public void A_trailing_pattern_selects_by_name()
    {
        var selection = FileSelection.Parse("/data/amperity/part-*.csv.gz");

        Assert.Equal(new LocalLocation("/data/amperity"), selection.Folder);
        Assert.Equal("part-*.csv.gz", selection.Pattern);
        Assert.Equal("part-", selection.ListingPrefix);
        Assert.True(selection.Takes("part-00000.csv.gz"));
        Assert.False(selection.Takes("part-00000.csv"));
        Assert.False(selection.Takes("other.csv.gz"));
    }

    [Fact]
    public void A_blob_url_keeps_its_sas_with_the_folder_and_only_star_is_a_wildcard()
    {
        var selection = FileSelection.Parse("https://acct.blob.core.windows.net/exports/amperity/*.parquet?sv=2024&sig=secret");

        var folder = Assert.IsType<BlobLocation>(selection.Folder);
        Assert.Equal("exports", folder.Container);
        Assert.Equal("amperity", folder.Prefix);
        Assert.Equal("sv=2024&sig=secret", folder.Sas);
        Assert.Equal("*.parquet", selection.Pattern);
    }

    [Fact]
    public void A_wildcard_before_the_last_part_is_refused_without_echoing_a_sas()
    {
        var error = Assert.Throws<InputArgumentException>(() => FileSelection.Parse("https://acct.blob.core.windows.net/exports/*/part.parquet?sig=secret"));

        Assert.Contains("only in the last part", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }
}
