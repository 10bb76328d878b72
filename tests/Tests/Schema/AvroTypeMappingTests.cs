using Avro;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Xunit;

namespace Handoff.Tests.Schema;

/// <summary>Each logical type as an Avro type, as Spark's Avro writer spells it.</summary>
public sealed class AvroTypeMappingTests
{
    [Theory]
    [InlineData("string", "\"string\"")]
    [InlineData("long", "\"long\"")]
    [InlineData("integer", "\"int\"")]
    [InlineData("short", "\"int\"")]
    [InlineData("byte", "\"int\"")]
    [InlineData("double", "\"double\"")]
    [InlineData("float", "\"float\"")]
    [InlineData("boolean", "\"boolean\"")]
    [InlineData("binary", "\"bytes\"")]
    [InlineData("date", """{"type":"int","logicalType":"date"}""")]
    [InlineData("timestamp", """{"type":"long","logicalType":"timestamp-micros"}""")]
    [InlineData("decimal(18,2)", """{"type":"bytes","logicalType":"decimal","precision":18,"scale":2}""")]
    [InlineData("decimal(38,10)", """{"type":"bytes","logicalType":"decimal","precision":38,"scale":10}""")]
    public void Each_type_has_its_Avro_type(string type, string avro)
    {
        Assert.Equal(avro, AvroTypeMapping.ToTypeJson(LogicalType.Parse(type)).ToJsonString());
    }

    [Theory]
    [InlineData("date", "date")]
    [InlineData("timestamp", "timestamp-micros")]
    [InlineData("decimal(18,2)", "decimal")]
    public void Apache_Avro_recognises_the_logical_types(string type, string logicalName)
    {
        var schema = AvroTypeMapping.ToSchema(new TableSchema([new Column("c", LogicalType.Parse(type), Nullable: false)]));

        var field = Assert.IsAssignableFrom<LogicalSchema>(schema.Fields.Single().Schema);
        Assert.Equal(logicalName, field.LogicalTypeName);
    }

    [Fact]
    public void Nullable_columns_are_unions_with_null_first_and_a_null_default()
    {
        var json = AvroTypeMapping.ToSchemaJson(new TableSchema([new Column("id", LogicalType.Long, false), new Column("name", LogicalType.String, true)]));

        Assert.Equal("""{"type":"record","name":"topLevelRecord","fields":[{"name":"id","type":"long"},{"name":"name","type":["null","string"],"default":null}]}""", json);
        var parsed = (RecordSchema)Avro.Schema.Parse(json);
        var union = Assert.IsType<UnionSchema>(parsed.Fields[1].Schema);
        Assert.Equal(Avro.Schema.Type.Null, union.Schemas[0].Tag);
        Assert.Equal(Avro.Schema.Type.String, union.Schemas[1].Tag);
    }

    [Theory]
    [InlineData("amount-usd")]
    [InlineData("1st")]
    [InlineData("prénom")]
    [InlineData("a.b")]
    public void Names_Avro_cannot_hold_are_refused(string name)
    {
        var error = Assert.Throws<SchemaException>(() => AvroTypeMapping.ToSchemaJson(new TableSchema([new Column(name, LogicalType.Long, true)])));
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("_private")]
    [InlineData("Amount2")]
    public void Names_of_letters_digits_and_underscores_are_accepted(string name)
    {
        AvroTypeMapping.CheckName(name);
    }
}
