using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Xunit;

namespace Handoff.Tests.Schema;

public class PostgresTypeMappingTests
{
    [Theory]
    [InlineData("boolean", "boolean")]
    [InlineData("smallint", "short")]
    [InlineData("integer", "integer")]
    [InlineData("bigint", "long")]
    [InlineData("real", "float")]
    [InlineData("double precision", "double")]
    [InlineData("numeric(10, 2)", "decimal(10,2)")]
    [InlineData("numeric(38,0)", "decimal(38,0)")]
    [InlineData("numeric(5)", "decimal(5,0)")]
    [InlineData("numeric", "decimal(38,18)")]
    [InlineData("text", "string")]
    [InlineData("character varying", "string")]
    [InlineData("character varying(20)", "string")]
    [InlineData("character(3)", "string")]
    [InlineData("name", "string")]
    [InlineData("uuid", "string")]
    [InlineData("json", "string")]
    [InlineData("jsonb", "string")]
    [InlineData("bytea", "binary")]
    [InlineData("date", "date")]
    [InlineData("timestamp without time zone", "timestamp")]
    [InlineData("timestamp(3) without time zone", "timestamp")]
    [InlineData("timestamp with time zone", "timestamp")]
    [InlineData("timestamp(0) with time zone", "timestamp")]
    public void Each_supported_type_maps_to_its_logical_type(string postgresType, string logical)
    {
        Assert.Equal(LogicalType.Parse(logical), PostgresTypeMapping.ToLogical(postgresType, "c"));
    }

    [Theory]
    [InlineData("integer[]")]
    [InlineData("time without time zone")]
    [InlineData("time with time zone")]
    [InlineData("interval")]
    [InlineData("money")]
    [InlineData("inet")]
    [InlineData("oid")]
    [InlineData("int4range")]
    [InlineData("public.mood")]
    [InlineData("bit(3)")]
    [InlineData("char")]
    public void Unsupported_types_are_refused_naming_the_column_and_the_type(string postgresType)
    {
        var error = Assert.Throws<SchemaException>(() => PostgresTypeMapping.ToLogical(postgresType, "tags"));
        Assert.Contains($"column 'tags' has type {postgresType} which cannot be exported", error.Message);
        Assert.Contains("supported: boolean", error.Message);
    }

    [Theory]
    [InlineData("numeric(50, 2)")]
    [InlineData("numeric(10, -2)")]
    [InlineData("numeric(2, 5)")]
    [InlineData("numeric(38, 30)")]
    public void Numerics_beyond_what_the_export_carries_are_refused(string postgresType)
    {
        var error = Assert.Throws<SchemaException>(() => PostgresTypeMapping.ToLogical(postgresType, "amount"));
        Assert.Contains($"column 'amount' has type {postgresType}", error.Message);
    }
}
