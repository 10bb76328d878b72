using Handoff.Shared.Schema.Mappings;
using Handoff.Shared.Schema;
using Xunit;

namespace Handoff.Tests.Schema;

public class SparkDdlTests
{
    [Theory]
    [InlineData("string", "STRING")]
    [InlineData("long", "BIGINT")]
    [InlineData("integer", "INT")]
    [InlineData("short", "SMALLINT")]
    [InlineData("byte", "TINYINT")]
    [InlineData("double", "DOUBLE")]
    [InlineData("float", "FLOAT")]
    [InlineData("boolean", "BOOLEAN")]
    [InlineData("binary", "BINARY")]
    [InlineData("date", "DATE")]
    [InlineData("timestamp", "TIMESTAMP")]
    [InlineData("decimal(18,2)", "DECIMAL(18,2)")]
    [InlineData("decimal(38,0)", "DECIMAL(38,0)")]
    public void Each_type_has_its_spark_ddl_name(string logical, string ddl)
    {
        Assert.Equal(ddl, SparkDdl.ColumnType(LogicalType.Parse(logical)));
    }

    [Fact]
    public void Every_logical_kind_maps()
    {
        foreach (var kind in Enum.GetValues<LogicalKind>())
        {
            var type = kind == LogicalKind.Decimal ? LogicalType.Decimal(10, 2) : LogicalType.Parse(kind.ToString());
            Assert.False(string.IsNullOrEmpty(SparkDdl.ColumnType(type)));
        }
    }

    [Fact]
    public void Columns_are_quoted_typed_and_marked_not_null()
    {
        var schema = new TableSchema([
            new Column("id", LogicalType.Long, false),
            new Column("name", LogicalType.String, true),
            new Column("amount", LogicalType.Decimal(18, 2), false),
        ]);

        Assert.Equal("`id` BIGINT NOT NULL, `name` STRING, `amount` DECIMAL(18,2) NOT NULL", SparkDdl.Columns(schema));
    }

    [Fact]
    public void Backticks_in_names_are_doubled()
    {
        var schema = new TableSchema([new Column("we`ird", LogicalType.Integer, true)]);
        Assert.Equal("`we``ird` INT", SparkDdl.Columns(schema));
    }
}
