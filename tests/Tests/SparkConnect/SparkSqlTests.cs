using Grpc.Core;
using Handoff.Shared.Cli;
using Handoff.Shared.Formats;
using Handoff.Shared.Input;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Cli;
using Handoff.SparkJob.Engines.Spark;
using Handoff.SparkJob.History;
using Handoff.SparkJob.Output;
using Handoff.SparkJob.SparkConnect.Errors;
using Xunit;

namespace Handoff.Tests.SparkConnect;

/// <summary>What the spark engine writes into SQL and plans: quoting, table references, reads, storage confs; and how Spark errors map to exit codes.</summary>
public sealed class SparkSqlTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", @"'it\'s'")]
    [InlineData(@"back\slash", @"'back\\slash'")]
    [InlineData("two\nlines\r\tend", @"'two\nlines\r\tend'")]
    [InlineData("bell\u0007", @"'bell\u0007'")]
    [InlineData("'); DROP TABLE t; --", @"'\'); DROP TABLE t; --'")]
    public void String_literals_escape_quotes_backslashes_and_control_characters(string value, string literal)
    {
        Assert.Equal(literal, SparkSql.StringLiteral(value));
    }

    [Fact]
    public void Timestamp_literals_are_utc_with_microseconds()
    {
        Assert.Equal("TIMESTAMP '2024-05-06 07:08:09.123456Z'", SparkSql.Literal(new DateTimeOffset(2024, 5, 6, 9, 8, 9, TimeSpan.FromHours(2)).AddTicks(1234560)));
    }

    [Theory]
    [InlineData("orders", "`orders`", "orders", "`orders_validation`")]
    [InlineData("main.sales.orders", "`main`.`sales`.`orders`", "main.sales.orders", "`main`.`sales`.`orders_validation`")]
    [InlineData("`my.db`.`or``ders`", "`my.db`.`or``ders`", "my.db.or`ders", "`my.db`.`or``ders_validation`")]
    [InlineData("sales;drop", "`sales;drop`", "sales;drop", "`sales;drop_validation`")]
    [InlineData("abfss://lake@acct.dfs.core.windows.net/tables/orders", "delta.`abfss://lake@acct.dfs.core.windows.net/tables/orders`", "abfss://lake@acct.dfs.core.windows.net/tables/orders", "delta.`abfss://lake@acct.dfs.core.windows.net/tables/orders_validation`")]
    [InlineData("https://acct.blob.core.windows.net/lake/orders", "delta.`abfss://lake@acct.dfs.core.windows.net/orders`", "abfss://lake@acct.dfs.core.windows.net/orders", "delta.`abfss://lake@acct.dfs.core.windows.net/orders_validation`")]
    [InlineData("dbfs:/mnt/lake/orders", "delta.`dbfs:/mnt/lake/orders`", "dbfs:/mnt/lake/orders", "delta.`dbfs:/mnt/lake/orders_validation`")]
    [InlineData("/Volumes/main/lake/we`ird", "delta.`/Volumes/main/lake/we``ird`", "/Volumes/main/lake/we`ird", "delta.`/Volumes/main/lake/we``ird_validation`")]
    public void Tables_are_names_or_locations_quoted_for_sql(string text, string sql, string display, string historySql)
    {
        var table = SparkTableRef.Parse(text);

        Assert.Equal(sql, table.Sql);
        Assert.Equal(display, table.Display);
        Assert.Equal(historySql, SparkValidationHistory.TableFor(table).Sql);
    }

    [Fact]
    public void Local_paths_on_the_driver_map_to_spark_paths()
    {
        Assert.Equal("dbfs:/mnt/exports/e1", SparkPaths.For(new LocalLocation("/dbfs/mnt/exports/e1")));
        Assert.Equal("/Volumes/main/raw/e1", SparkPaths.For(new LocalLocation("/Volumes/main/raw/e1")));
        Assert.Throws<InputArgumentException>(() => SparkPaths.For(StorageLocationParser.Parse("http://127.0.0.1:10000/devstoreaccount1/exports/p")));
    }

    [Fact]
    public void A_csv_export_is_read_with_its_dialect_and_our_text_encodings()
    {
        var manifest = Manifest(new FormatSpec(FileFormat.Csv, "gzip", new CsvOptions { Delimiter = '|', Header = false, Quote = '\'', Escape = '\\' }));

        var read = ExportRead.For(manifest, StorageLocationParser.Parse("abfss://raw@acct.dfs.core.windows.net/exports/e1"));

        Assert.Equal("csv", read.Format);
        Assert.Equal(["abfss://raw@acct.dfs.core.windows.net/exports/e1/part-00000.csv.gz"], read.Paths);
        Assert.Equal("`id` BIGINT NOT NULL, `amount` DECIMAL(18,2)", read.SchemaDdl);
        Assert.Equal("|", read.Options["sep"]);
        Assert.Equal("false", read.Options["header"]);
        Assert.Equal("'", read.Options["quote"]);
        Assert.Equal("\\", read.Options["escape"]);
        Assert.Equal("FAILFAST", read.Options["mode"]);
        Assert.Equal("true", read.Options["multiLine"]);
        Assert.Equal("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX", read.Options["timestampFormat"]);
        Assert.Equal("Infinity", read.Options["positiveInf"]);
    }

    [Fact]
    public void Unquoted_csv_turns_spark_quoting_off()
    {
        var read = ExportRead.For(Manifest(new FormatSpec(FileFormat.Csv, "none", new CsvOptions { QuoteMode = CsvQuoteMode.None })), new LocalLocation("/x"));

        Assert.Equal(string.Empty, read.Options["quote"]);
    }

    [Theory]
    [InlineData(FileFormat.Parquet, "snappy", "parquet")]
    [InlineData(FileFormat.Avro, "deflate", "avro")]
    [InlineData(FileFormat.Json, "none", "json")]
    public void Other_formats_map_to_their_spark_source(FileFormat format, string compression, string source)
    {
        Assert.Equal(source, ExportRead.For(Manifest(new FormatSpec(format, compression)), new LocalLocation("/x")).Format);
    }

    [Fact]
    public void An_account_key_becomes_session_confs_for_both_endpoints_and_is_listed_as_a_secret()
    {
        var confs = StorageAccessConfs.For([StorageLocationParser.Parse("abfss://raw@acct.dfs.core.windows.net/e1")], StorageCredentials.None.WithExplicit(accountKey: "a2V5LXZhbHVl"), _ => null);

        Assert.Contains(new KeyValuePair<string, string>("fs.azure.account.key.acct.dfs.core.windows.net", "a2V5LXZhbHVl"), confs.Confs);
        Assert.Contains(new KeyValuePair<string, string>("fs.azure.account.key.acct.blob.core.windows.net", "a2V5LXZhbHVl"), confs.Confs);
        Assert.Equal(["a2V5LXZhbHVl"], confs.Secrets);
    }

    [Fact]
    public void A_sas_uses_the_fixed_sas_token_provider()
    {
        var confs = StorageAccessConfs.For([StorageLocationParser.Parse("https://acct.blob.core.windows.net/raw/e1?sv=2024&sig=abc")], StorageCredentials.None, _ => null);

        Assert.Contains(new KeyValuePair<string, string>("fs.azure.account.auth.type.acct.dfs.core.windows.net", "SAS"), confs.Confs);
        Assert.Contains(new KeyValuePair<string, string>("fs.azure.sas.fixed.token.acct.dfs.core.windows.net", "sv=2024&sig=abc"), confs.Confs);
        Assert.Contains(new KeyValuePair<string, string>("fs.azure.sas.raw.acct.blob.core.windows.net", "sv=2024&sig=abc"), confs.Confs);
    }

    [Fact]
    public void Oauth_client_credentials_come_from_the_azure_variables()
    {
        var variables = new Dictionary<string, string> { ["AZURE_CLIENT_ID"] = "app", ["AZURE_CLIENT_SECRET"] = "s3cr3t", ["AZURE_TENANT_ID"] = "tenant" };

        var confs = StorageAccessConfs.For([StorageLocationParser.Parse("abfss://raw@acct.dfs.core.windows.net/e1")], StorageCredentials.None, variables.GetValueOrDefault);

        Assert.Contains(new KeyValuePair<string, string>("fs.azure.account.auth.type.acct.dfs.core.windows.net", "OAuth"), confs.Confs);
        Assert.Contains(new KeyValuePair<string, string>("fs.azure.account.oauth2.client.endpoint.acct.dfs.core.windows.net", "https://login.microsoftonline.com/tenant/oauth2/token"), confs.Confs);
        Assert.Equal(["s3cr3t"], confs.Secrets);
    }

    [Fact]
    public void Local_and_mounted_paths_need_no_storage_confs()
    {
        var confs = StorageAccessConfs.For([new LocalLocation("/Volumes/main/raw/e1")], StorageCredentials.None.WithExplicit(accountKey: "a2V5"), _ => null);

        Assert.Empty(confs.Confs);
    }

    [Theory]
    [InlineData(StatusCode.Internal, "42P01", ExitCodes.BadInput)]
    [InlineData(StatusCode.Internal, "22023", ExitCodes.BadInput)]
    [InlineData(StatusCode.Internal, "23502", ExitCodes.BadInput)]
    [InlineData(StatusCode.Internal, "0A000", ExitCodes.BadInput)]
    [InlineData(StatusCode.Unauthenticated, null, ExitCodes.BadInput)]
    [InlineData(StatusCode.PermissionDenied, null, ExitCodes.BadInput)]
    [InlineData(StatusCode.Unavailable, null, ExitCodes.StorageError)]
    [InlineData(StatusCode.Internal, "2D521", ExitCodes.StorageError)]
    [InlineData(StatusCode.Internal, "XX000", ExitCodes.StorageError)]
    [InlineData(StatusCode.Internal, null, ExitCodes.StorageError)]
    public void Spark_errors_map_to_exit_codes(StatusCode status, string? sqlState, int exitCode)
    {
        Assert.Equal(exitCode, SparkJobErrors.Classify(new SparkConnectException("x", status, sqlState is null ? null : "SOME_CLASS", sqlState)));
    }

    private static ExportManifest Manifest(FormatSpec format) => new()
    {
        ExportId = "e1",
        CreatedAt = DateTimeOffset.UnixEpoch,
        Source = ManifestSource.For("duckdb", "SELECT 1"),
        Format = format,
        Schema = new TableSchema([new Column("id", LogicalType.Long, false), new Column("amount", LogicalType.Decimal(18, 2), true)]),
        RowCount = 1,
        Files = [new ManifestFile("part-00000" + format.Extension, 1, 10, "md5:00000000000000000000000000000000")],
    };
}
