using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Xunit;

namespace Handoff.Tests.Schema;

public class DuckDbTypeMappingTests
{
    [Theory]
    [InlineData("BOOLEAN", "boolean")]
    [InlineData("TINYINT", "byte")]
    [InlineData("SMALLINT", "short")]
    [InlineData("INTEGER", "integer")]
    [InlineData("BIGINT", "long")]
    [InlineData("UTINYINT", "short")]
    [InlineData("USMALLINT", "integer")]
    [InlineData("UINTEGER", "long")]
    [InlineData("UBIGINT", "decimal(20,0)")]
    [InlineData("HUGEINT", "decimal(38,0)")]
    [InlineData("FLOAT", "float")]
    [InlineData("DOUBLE", "double")]
    [InlineData("DECIMAL(18,2)", "decimal(18,2)")]
    [InlineData("DECIMAL(4,1)", "decimal(4,1)")]
    [InlineData("DECIMAL(38,10)", "decimal(38,10)")]
    [InlineData("DECIMAL(9,0)", "decimal(9,0)")]
    [InlineData("VARCHAR", "string")]
    [InlineData("UUID", "string")]
    [InlineData("JSON", "string")]
    [InlineData("ENUM('a', 'b(c)')", "string")]
    [InlineData("BLOB", "binary")]
    [InlineData("DATE", "date")]
    [InlineData("TIMESTAMP", "timestamp")]
    [InlineData("TIMESTAMP_S", "timestamp")]
    [InlineData("TIMESTAMP_MS", "timestamp")]
    [InlineData("TIMESTAMP_NS", "timestamp")]
    [InlineData("TIMESTAMP WITH TIME ZONE", "timestamp")]
    public void Each_supported_type_maps_to_its_logical_type(string duckDbType, string logical)
    {
        Assert.Equal(LogicalType.Parse(logical), DuckDbTypeMapping.ToLogical(duckDbType, "c"));
    }

    [Theory]
    [InlineData("int", "integer")]
    [InlineData("decimal", "decimal(18,3)")]
    [InlineData("numeric(10, 4)", "decimal(10,4)")]
    [InlineData("timestamptz", "timestamp")]
    [InlineData(" varchar ", "string")]
    public void Aliases_and_spacing_are_accepted(string duckDbType, string logical)
    {
        Assert.Equal(LogicalType.Parse(logical), DuckDbTypeMapping.ToLogical(duckDbType, "c"));
    }

    [Theory]
    [InlineData("VARCHAR[]")]
    [InlineData("INTEGER[3]")]
    [InlineData("STRUCT(a INTEGER)")]
    [InlineData("MAP(VARCHAR, INTEGER)")]
    [InlineData("UNION(a INTEGER, b VARCHAR)")]
    [InlineData("TIME")]
    [InlineData("TIME WITH TIME ZONE")]
    [InlineData("INTERVAL")]
    [InlineData("BIT")]
    [InlineData("UHUGEINT")]
    [InlineData("BIGNUM")]
    [InlineData("GEOMETRY")]
    public void Unsupported_types_are_refused_naming_the_column_and_the_type(string duckDbType)
    {
        var error = Assert.Throws<SchemaException>(() => DuckDbTypeMapping.ToLogical(duckDbType, "tags"));
        Assert.Contains($"column 'tags' has type {duckDbType} which cannot be exported", error.Message);
        Assert.Contains("supported: BOOLEAN", error.Message);
    }

    [Fact]
    public void A_decimal_scale_beyond_what_a_dotnet_decimal_holds_is_refused()
    {
        var error = Assert.Throws<SchemaException>(() => DuckDbTypeMapping.ToLogical("DECIMAL(38,30)", "ratio"));
        Assert.Contains("'ratio'", error.Message);
        Assert.Contains("DECIMAL(38,30)", error.Message);
    }
}
