using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Xunit;

namespace Handoff.Tests.Schema;

/// <summary>--schema: a column list in Spark's DDL, read as spark.read.schema reads it.</summary>
public sealed class SparkDdlSchemaTests
{
    [Fact]
    public void Every_supported_type_and_alias_reads_as_its_logical_type()
    {
        var schema = SparkDdlSchema.Parse("a BOOLEAN, b tinyint, c BYTE, d SMALLINT, e short, f INT, g Integer, h BIGINT, i LONG, j FLOAT, k REAL, l DOUBLE, " +
            "m DECIMAL(18,2), n DEC(5), o NUMERIC, p DATE, q TIMESTAMP, r STRING, s BINARY");

        Assert.Equal(
            ["boolean", "byte", "byte", "short", "short", "integer", "integer", "long", "long", "float", "float", "double", "decimal(18,2)", "decimal(5,0)", "decimal(10,0)", "date", "timestamp", "string", "binary"],
            schema.Select(c => c.Type.ToString()));
        Assert.All(schema, c => Assert.True(c.Nullable));
    }

    [Fact]
    public void Not_null_comments_and_quoted_names_are_understood()
    {
        var schema = SparkDdlSchema.Parse("  `customer.id` BIGINT NOT NULL COMMENT 'the key, unique',`odd``name` string comment \"x\" , amount decimal( 38 , 10 ) not null ");

        Assert.Equal(
            [new Column("customer.id", LogicalType.Long, false), new Column("odd`name", LogicalType.String, true), new Column("amount", LogicalType.Decimal(38, 10), false)],
            schema.ToList());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("id", "the type of column 'id'")]
    [InlineData("id BIGINT,", "the name of column 2")]
    [InlineData("id BIGINT name STRING", "',' between columns")]
    [InlineData("tags ARRAY<STRING>", "nested types")]
    [InlineData("s STRUCT<a: INT>", "nested types")]
    [InlineData("t TIMESTAMP_NTZ", "TIMESTAMP_NTZ, which is not supported")]
    [InlineData("v VARCHAR(10)", "VARCHAR takes no arguments")]
    [InlineData("d DECIMAL(39,2)", "DECIMAL(39,2)")]
    [InlineData("d DECIMAL(5,6)", "DECIMAL(5,6)")]
    [InlineData("id: BIGINT", "without ':'")]
    [InlineData("id BIGINT NOT", "expected NULL after NOT")]
    [InlineData("`id BIGINT", "not closed")]
    [InlineData("id BIGINT, ID STRING", "collide")]
    public void Bad_schemas_are_refused_saying_where_and_why(string ddl, string expected)
    {
        var error = Assert.Throws<SchemaException>(() => SparkDdlSchema.Parse(ddl));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
