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
    private const string Session = "00112233-4455-6677-8899-aabbccddeeff";
    private const string ServerSide = "99999999-8888-7777-6666-555555555555";
    private static readonly ClientIdentity Identity = new(Session, "alice", "handoff-spark-job/1.0.0 dotnet/10.0.0");
    private static readonly SparkRequests Requests = new(Identity);

    [Fact]
    public void ExecutePlan_with_a_sql_command()
    {
        var bytes = Requests.ExecutePlan(SparkPlans.SqlCommand("SELECT 1"), Operation).ToByteArray();

        Assert.Equal("00112233-4455-6677-8899-aabbccddeeff", WireFormat.Text(bytes, 1));
        Assert.Equal("alice", WireFormat.Text(bytes, 2, 1));
        Assert.DoesNotContain(WireFormat.Fields(WireFormat.At(bytes, 2)), f => f.Field == 2);
        Assert.Equal("SELECT 1", WireFormat.Text(bytes, 3, 2, 5, 1));
        Assert.Equal("handoff-spark-job/1.0.0 dotnet/10.0.0", WireFormat.Text(bytes, 4));
        Assert.Equal([0x01], WireFormat.At(bytes, 5, 1, 1));
        Assert.Equal(Operation, WireFormat.Text(bytes, 6));
        Assert.Equal(Golden.ExecuteSqlCommand, Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Requests_after_a_spark_4_response_carry_the_server_side_session_id_it_named()
    {
        var session = new ServerSession(Session);
        session.Observe(Session, ServerSide);
        var requests = new SparkRequests(Identity, session);

        var execute = requests.ExecutePlan(SparkPlans.SqlCommand("SELECT 1"), Operation).ToByteArray();
        var reattach = requests.Reattach(Operation, "r-41").ToByteArray();
        var release = requests.ReleaseAll(Operation).ToByteArray();
        var config = requests.Config(SparkRequests.UnsetOperation(["k"])).ToByteArray();
        var analyze = requests.SparkVersion().ToByteArray();

        Assert.Equal(ServerSide, WireFormat.Text(execute, 8));
        Assert.Equal(ServerSide, WireFormat.Text(reattach, 6));
        Assert.Equal(ServerSide, WireFormat.Text(release, 7));
        Assert.Equal(ServerSide, WireFormat.Text(config, 8));
        Assert.Equal(ServerSide, WireFormat.Text(analyze, 17));
        Assert.Equal(Golden.ExecuteObserved, Convert.ToHexStringLower(execute));
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

    [Fact]
    public void ReleaseUntil_names_the_last_consumed_response()
    {
        var bytes = Requests.ReleaseUntil(Operation, "r-41").ToByteArray();

        Assert.Equal(Operation, WireFormat.Text(bytes, 3));
        Assert.Equal("r-41", WireFormat.Text(bytes, 6, 1));
        Assert.DoesNotContain(WireFormat.Fields(bytes), f => f.Field == 5);
        Assert.Equal(Golden.ReleaseUntil, Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void ReleaseSession_names_the_session_and_does_not_ask_to_reconnect()
    {
        var bytes = Requests.ReleaseSession().ToByteArray();

        Assert.Equal(Session, WireFormat.Text(bytes, 1));
        Assert.Equal("alice", WireFormat.Text(bytes, 2, 1));
        Assert.Equal("handoff-spark-job/1.0.0 dotnet/10.0.0", WireFormat.Text(bytes, 3));
        Assert.DoesNotContain(WireFormat.Fields(bytes), f => f.Field == 4);
        Assert.Equal(Golden.ReleaseSession, Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void FetchErrorDetails_names_the_error_id_and_the_observed_server_side_session()
    {
        var session = new ServerSession(Session);
        session.Observe(Session, ServerSide);

        var bytes = new SparkRequests(Identity, session).FetchErrorDetails("e-7").ToByteArray();

        Assert.Equal("e-7", WireFormat.Text(bytes, 3));
        Assert.Equal("handoff-spark-job/1.0.0 dotnet/10.0.0", WireFormat.Text(bytes, 4));
        Assert.Equal(ServerSide, WireFormat.Text(bytes, 5));
        Assert.Equal(Golden.FetchErrorDetails, Convert.ToHexStringLower(bytes));
    }

    /// <summary>
    /// Hex of the serialized requests. Derived independently of the generated code: encoded field by
    /// field from Spark's field numbers with a few lines of the protobuf wire format (varint keys,
    /// length-delimited payloads), then compared here.
    /// </summary>
    private static class Golden
    {
        public const string ExecuteSqlCommand =
            "0a2430303131323233332d343435352d363637372d383839392d61616262636364646565666612070a05616c6963651a" +
            "0e120c2a0a0a0853454c4543542031222568616e646f66662d737061726b2d6a6f622f312e302e3020646f746e65742f" +
            "31302e302e302a040a020801322431313131313131312d323232322d333333332d343434342d35353535353535353535" +
            "3535";

        public const string ExecuteObserved =
            "0a2430303131323233332d343435352d363637372d383839392d61616262636364646565666612070a05616c6963651a" +
            "0e120c2a0a0a0853454c4543542031222568616e646f66662d737061726b2d6a6f622f312e302e3020646f746e65742f" +
            "31302e302e302a040a020801322431313131313131312d323232322d333333332d343434342d35353535353535353535" +
            "3535422439393939393939392d383838382d373737372d363636362d353535353535353535353535";

        public const string ExecuteLoadWrite =
            "0a2430303131323233332d343435352d363637372d383839392d61616262636364646565666612070a05616c6963651a" +
            "60125e125c0a4f124d124b0a077061727175657412236069646020424947494e54204e4f54204e554c4c2c20606e616d" +
            "656020535452494e47221b2f646174612f65312f706172742d30303030302e7061727175657422070a03607460100228" +
            "02222568616e646f66662d737061726b2d6a6f622f312e302e3020646f746e65742f31302e302e302a040a0208013224" +
            "31313131313131312d323232322d333333332d343434342d353535353535353535353535";

        public const string AnalyzeSchema =
            "0a2430303131323233332d343435352d363637372d383839392d61616262636364646565666612070a05616c6963651a" +
            "2568616e646f66662d737061726b2d6a6f622f312e302e3020646f746e65742f31302e302e3022190a170a1552130a11" +
            "53454c454354202a2046524f4d20607460";

        public const string ConfigSet =
            "0a2430303131323233332d343435352d363637372d383839392d61616262636364646565666612070a05616c6963651a" +
            "320a300a2e0a25737061726b2e64617461627269636b732e64656c74612e77726974652e74786e417070496412056461" +
            "696c79222568616e646f66662d737061726b2d6a6f622f312e302e3020646f746e65742f31302e302e30";

        public const string ConfigUnset =
            "0a2430303131323233332d343435352d363637372d383839392d61616262636364646565666612070a05616c6963651a" +
            "2932270a25737061726b2e64617461627269636b732e64656c74612e77726974652e74786e4170704964222568616e64" +
            "6f66662d737061726b2d6a6f622f312e302e3020646f746e65742f31302e302e30";

        public const string Reattach =
            "0a2430303131323233332d343435352d363637372d383839392d61616262636364646565666612070a05616c6963651a" +
            "2431313131313131312d323232322d333333332d343434342d353535353535353535353535222568616e646f66662d73" +
            "7061726b2d6a6f622f312e302e3020646f746e65742f31302e302e302a04722d3431";

        public const string Release =
            "0a2430303131323233332d343435352d363637372d383839392d61616262636364646565666612070a05616c6963651a" +
            "2431313131313131312d323232322d333333332d343434342d353535353535353535353535222568616e646f66662d73" +
            "7061726b2d6a6f622f312e302e3020646f746e65742f31302e302e302a00";

        public const string ReleaseUntil =
            "0a2430303131323233332d343435352d363637372d383839392d61616262636364646565666612070a05616c6963651a" +
            "2431313131313131312d323232322d333333332d343434342d353535353535353535353535222568616e646f66662d73" +
            "7061726b2d6a6f622f312e302e3020646f746e65742f31302e302e3032060a04722d3431";

        public const string ReleaseSession =
            "0a2430303131323233332d343435352d363637372d383839392d61616262636364646565666612070a05616c6963651a" +
            "2568616e646f66662d737061726b2d6a6f622f312e302e3020646f746e65742f31302e302e30";

        public const string FetchErrorDetails =
            "0a2430303131323233332d343435352d363637372d383839392d61616262636364646565666612070a05616c6963651a" +
            "03652d37222568616e646f66662d737061726b2d6a6f622f312e302e3020646f746e65742f31302e302e302a24393939" +
            "39393939392d383838382d373737372d363636362d353535353535353535353535";
    }
}
