using Google.Protobuf;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Engines.Spark;
using Handoff.SparkJob.SparkConnect.Client;
using Handoff.SparkJob.SparkConnect.Plans;
using Xunit;

namespace Handoff.Tests.SparkConnect;

/// <summary>
/// The serialized bytes of representative requests, pinned: a wrong field number or a changed
/// encoding fails here. The field paths are also checked with a wire reader that does not use
/// the generated code, against the numbers of Spark 3.5/4.0's protos.
/// </summary>
public sealed class GoldenRequestTests
{
    private const string Operation = "11111111-2222-3333-4444-555555555555";
    private static readonly SparkRequests Requests = new(new ClientIdentity("00112233-4455-6677-8899-aabbccddeeff", "alice", "handoff-spark-job/1.0.0 dotnet/10.0.0"));

    [Fact]
    public void ExecutePlan_with_a_sql_command()
    {
        var bytes = Requests.ExecutePlan(SparkPlans.SqlCommand("SELECT 1"), Operation).ToByteArray();

        Assert.Equal("00112233-4455-6677-8899-aabbccddeeff", WireFormat.Text(bytes, 1));
        Assert.Equal("alice", WireFormat.Text(bytes, 2, 1));
        Assert.Equal("alice", WireFormat.Text(bytes, 2, 2));
        Assert.Equal("SELECT 1", WireFormat.Text(bytes, 3, 2, 5, 1));
        Assert.Equal("handoff-spark-job/1.0.0 dotnet/10.0.0", WireFormat.Text(bytes, 4));
        Assert.Equal([0x01], WireFormat.At(bytes, 5, 1, 1));
        Assert.Equal(Operation, WireFormat.Text(bytes, 6));
        Assert.Equal(Golden.ExecuteSqlCommand, Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void ExecutePlan_of_a_load_writes_a_file_read_into_a_table()
    {
        var manifest = new ExportManifest
        {
            ExportId = "e1",
            CreatedAt = DateTimeOffset.UnixEpoch,
            Source = ManifestSource.For("duckdb", "SELECT 1"),
            Format = new FormatSpec(FileFormat.Parquet, "snappy"),
            Schema = new TableSchema([new Column("id", LogicalType.Long, false), new Column("name", LogicalType.String, true)]),
            RowCount = 1,
            Files = [new ManifestFile("part-00000.parquet", 1, 10, "md5:00000000000000000000000000000000")],
        };
        var read = ExportRead.For(manifest, new LocalLocation("/data/e1"));

        var bytes = Requests.ExecutePlan(SparkPlans.InsertInto(read.Relation, "`t`", overwrite: true), Operation).ToByteArray();

        var write = WireFormat.At(bytes, 3, 2, 2);
        Assert.Equal("parquet", WireFormat.Text(write, 1, 2, 2, 1));
        Assert.Equal("`id` BIGINT NOT NULL, `name` STRING", WireFormat.Text(write, 1, 2, 2, 2));
        Assert.Equal("/data/e1/part-00000.parquet", WireFormat.Text(write, 1, 2, 2, 4));
        Assert.Equal("`t`", WireFormat.Text(write, 4, 1));
        Assert.Equal([0x02], WireFormat.At(write, 4, 2));
        Assert.Equal([0x02], WireFormat.At(write, 5));
        Assert.Equal(Golden.ExecuteLoadWrite, Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void AnalyzePlan_schema_of_a_sql_relation()
    {
        var bytes = Requests.Schema(SparkPlans.Query(SparkPlans.Sql("SELECT * FROM `t`"))).ToByteArray();

        Assert.Equal("handoff-spark-job/1.0.0 dotnet/10.0.0", WireFormat.Text(bytes, 3));
        Assert.Equal("SELECT * FROM `t`", WireFormat.Text(bytes, 4, 1, 1, 10, 1));
        Assert.Equal(Golden.AnalyzeSchema, Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Config_set_and_unset()
    {
        var set = Requests.Config(SparkRequests.SetOperation([new("spark.databricks.delta.write.txnAppId", "daily")])).ToByteArray();
        var unset = Requests.Config(SparkRequests.UnsetOperation(["spark.databricks.delta.write.txnAppId"])).ToByteArray();

        Assert.Equal("spark.databricks.delta.write.txnAppId", WireFormat.Text(set, 3, 1, 1, 1));
        Assert.Equal("daily", WireFormat.Text(set, 3, 1, 1, 2));
        Assert.Equal("handoff-spark-job/1.0.0 dotnet/10.0.0", WireFormat.Text(set, 4));
        Assert.Equal("spark.databricks.delta.write.txnAppId", WireFormat.Text(unset, 3, 6, 1));
        Assert.Equal(Golden.ConfigSet, Convert.ToHexStringLower(set));
        Assert.Equal(Golden.ConfigUnset, Convert.ToHexStringLower(unset));
    }

    [Fact]
    public void ReattachExecute_and_ReleaseExecute()
    {
        var reattach = Requests.Reattach(Operation, "r-41").ToByteArray();
        var release = Requests.ReleaseAll(Operation).ToByteArray();

        Assert.Equal(Operation, WireFormat.Text(reattach, 3));
        Assert.Equal("r-41", WireFormat.Text(reattach, 5));
        Assert.Equal(Operation, WireFormat.Text(release, 3));
        Assert.Empty(WireFormat.At(release, 5));
        Assert.Equal(Golden.Reattach, Convert.ToHexStringLower(reattach));
        Assert.Equal(Golden.Release, Convert.ToHexStringLower(release));
    }

    /// <summary>Hex of the serialized requests, checked by hand once against Spark's field numbers (see the path asserts).</summary>
    private static class Golden
    {
        public const string ExecuteSqlCommand =
            "0a2430303131323233332d343435352d363637372d383839392d616162626363646465656666120e0a05616c69636512" +
            "05616c6963651a0e120c2a0a0a0853454c4543542031222568616e646f66662d737061726b2d6a6f622f312e302e3020" +
            "646f746e65742f31302e302e302a040a020801322431313131313131312d323232322d333333332d343434342d353535" +
            "353535353535353535";
        public const string ExecuteLoadWrite =
            "0a2430303131323233332d343435352d363637372d383839392d616162626363646465656666120e0a05616c69636512" +
            "05616c6963651a60125e125c0a4f124d124b0a077061727175657412236069646020424947494e54204e4f54204e554c" +
            "4c2c20606e616d656020535452494e47221b2f646174612f65312f706172742d30303030302e7061727175657422070a" +
            "0360746010022802222568616e646f66662d737061726b2d6a6f622f312e302e3020646f746e65742f31302e302e302a" +
            "040a020801322431313131313131312d323232322d333333332d343434342d353535353535353535353535";
        public const string AnalyzeSchema =
            "0a2430303131323233332d343435352d363637372d383839392d616162626363646465656666120e0a05616c69636512" +
            "05616c6963651a2568616e646f66662d737061726b2d6a6f622f312e302e3020646f746e65742f31302e302e3022190a" +
            "170a1552130a1153454c454354202a2046524f4d20607460";
        public const string ConfigSet =
            "0a2430303131323233332d343435352d363637372d383839392d616162626363646465656666120e0a05616c69636512" +
            "05616c6963651a320a300a2e0a25737061726b2e64617461627269636b732e64656c74612e77726974652e74786e4170" +
            "70496412056461696c79222568616e646f66662d737061726b2d6a6f622f312e302e3020646f746e65742f31302e302e" +
            "30";
        public const string ConfigUnset =
            "0a2430303131323233332d343435352d363637372d383839392d616162626363646465656666120e0a05616c69636512" +
            "05616c6963651a2932270a25737061726b2e64617461627269636b732e64656c74612e77726974652e74786e41707049" +
            "64222568616e646f66662d737061726b2d6a6f622f312e302e3020646f746e65742f31302e302e30";
        public const string Reattach =
            "0a2430303131323233332d343435352d363637372d383839392d616162626363646465656666120e0a05616c69636512" +
            "05616c6963651a2431313131313131312d323232322d333333332d343434342d35353535353535353535353522256861" +
            "6e646f66662d737061726b2d6a6f622f312e302e3020646f746e65742f31302e302e302a04722d3431";
        public const string Release =
            "0a2430303131323233332d343435352d363637372d383839392d616162626363646465656666120e0a05616c69636512" +
            "05616c6963651a2431313131313131312d323232322d333333332d343434342d35353535353535353535353522256861" +
            "6e646f66662d737061726b2d6a6f622f312e302e3020646f746e65742f31302e302e302a00";
    }
}
