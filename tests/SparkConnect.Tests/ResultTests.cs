using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Scalars;
using Apache.Arrow.Types;
using Handoff.SparkJob.SparkConnect.Results;
using Handoff.Tests.Fixtures.SparkConnect;
using Spark.Connect;
using Xunit;

namespace Handoff.Tests.SparkConnect;

/// <summary>What the client reads back: relation results of a sql_command, the Arrow types Spark writes, and the user context it sends.</summary>
public sealed class ResultTests
{
    [Fact]
    public async Task A_query_sent_as_sql_command_is_answered_with_a_relation_whose_rows_the_client_reads()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark4());
        using var client = TestClient.For(server.Remote);
        await client.SqlAsync("CREATE TABLE IF NOT EXISTS `t` (`id` BIGINT) USING DELTA", CancellationToken.None);
        await client.SqlAsync("INSERT INTO `t` VALUES (1)", CancellationToken.None);

        var rows = await client.SqlAsync("SELECT count(*) AS `rows` FROM `t`", CancellationToken.None);

        Assert.Equal(1L, Assert.Single(rows).GetInt64("rows"));
        var executes = server.Requests<ExecutePlanRequest>("ExecutePlan");
        Assert.Equal("SELECT count(*) AS `rows` FROM `t`", executes[^1].Plan.Root.Sql.Query);
    }

    [Fact]
    public async Task The_user_context_carries_the_user_id_only_as_pyspark_sends_it()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(FakeServerProfile.Spark4());
        using var client = TestClient.For(server.Remote + ";user_id=ana");

        await client.SparkVersionAsync(CancellationToken.None);

        var context = server.Requests<AnalyzePlanRequest>("AnalyzePlan").Single().UserContext;
        Assert.Equal("ana", context.UserId);
        Assert.Equal(string.Empty, context.UserName);
    }

    [Fact]
    public async Task Large_and_interval_types_decode_as_spark_writes_them()
    {
        var fields = new Field[]
        {
            new("text", LargeStringType.Default, true),
            new("bytes", LargeBinaryType.Default, true),
            new("months", IntervalType.YearMonth, true),
            new("elapsed", DurationType.Microsecond, true),
            new("span", IntervalType.MonthDayNanosecond, true),
            new("list", new LargeListType(new Field("element", Int64Type.Default, true)), true),
            new("time", new Time64Type(TimeUnit.Nanosecond), true),
        };
        var list = new LargeListArray.Builder(Int64Type.Default);
        list.Append();
        ((Int64Array.Builder)list.ValueBuilder).Append(7).Append(8);
        var arrays = new IArrowArray[]
        {
            new LargeStringArray.Builder().Append("ä").Build(),
            new LargeBinaryArray.Builder().Append(new byte[] { 1, 2 }.AsSpan()).Build(),
            new YearMonthIntervalArray.Builder().Append(new YearMonthInterval(14)).Build(),
            new DurationArray.Builder(DurationType.Microsecond).Append(TimeSpan.FromSeconds(90)).Build(),
            new MonthDayNanosecondIntervalArray.Builder().Append(new MonthDayNanosecondInterval(1, 2, 3000)).Build(),
            list.Build(),
            new Time64Array.Builder(new Time64Type(TimeUnit.Nanosecond)).Append(new TimeOnly(13, 45, 30)).Build(),
        };

        var row = Assert.Single(await ArrowResults.ReadRowsAsync(Stream(fields, arrays)).ToListAsync());

        Assert.Equal("ä", row["text"]);
        Assert.Equal(new byte[] { 1, 2 }, row["bytes"]);
        Assert.Equal(14, row["months"]);
        Assert.Equal(TimeSpan.FromSeconds(90), row["elapsed"]);
        Assert.Equal(new MonthDayNanosecondInterval(1, 2, 3000), row["span"]);
        Assert.Equal(new List<object?> { 7L, 8L }, row["list"]);
        Assert.Equal(new TimeOnly(13, 45, 30), row["time"]);
    }

    private static ReadOnlyMemory<byte> Stream(Field[] fields, IArrowArray[] arrays)
    {
        var schema = new Apache.Arrow.Schema(fields, null);
        using var batch = new RecordBatch(schema, arrays, 1);
        using var memory = new MemoryStream();
        using (var writer = new ArrowStreamWriter(memory, schema, leaveOpen: true))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }

        return memory.ToArray();
    }
}
