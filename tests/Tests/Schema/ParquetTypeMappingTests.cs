using Handoff.Shared.Data;
using Handoff.Shared.Formats;
using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Handoff.Tests.Formats;
using Handoff.Tests.Support;
using Parquet.Schema;
using Xunit;

namespace Handoff.Tests.Schema;

/// <summary>Each logical type as a Parquet.Net field, and as DuckDB finds it in a file we wrote.</summary>
public sealed class ParquetTypeMappingTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("string", "BYTE_ARRAY", "UTF8", "StringType()")]
    [InlineData("long", "INT64", "INT_64", "IntType(bitWidth=64, isSigned=1)")]
    [InlineData("integer", "INT32", "INT_32", "IntType(bitWidth=32, isSigned=1)")]
    [InlineData("short", "INT32", "INT_16", "IntType(bitWidth=16, isSigned=1)")]
    [InlineData("byte", "INT32", "INT_8", "IntType(bitWidth=8, isSigned=1)")]
    [InlineData("double", "DOUBLE", null, null)]
    [InlineData("float", "FLOAT", null, null)]
    [InlineData("boolean", "BOOLEAN", null, null)]
    [InlineData("binary", "BYTE_ARRAY", null, null)]
    [InlineData("date", "INT32", "DATE", "DateType()")]
    [InlineData("timestamp", "INT64", "TIMESTAMP_MICROS", "TimestampType(isAdjustedToUTC=1, unit=TimeUnit(MILLIS=<null>, MICROS=MicroSeconds(), NANOS=<null>))")]
    [InlineData("decimal(9,2)", "INT32", "DECIMAL", "DecimalType(scale=2, precision=9)")]
    [InlineData("decimal(18,4)", "INT64", "DECIMAL", "DecimalType(scale=4, precision=18)")]
    [InlineData("decimal(38,10)", "FIXED_LEN_BYTE_ARRAY", "DECIMAL", "DecimalType(scale=10, precision=38)")]
    public async Task Each_type_is_written_with_the_physical_and_logical_type_Spark_reads(string type, string physical, string? converted, string? logical)
    {
        var logicalType = LogicalType.Parse(type);
        var schema = new TableSchema([new Column("c", logicalType, Nullable: true)]);
        var path = _temp.Combine("t.parquet");
        await FormatFiles.WriteAsync(path, new FormatSpec(FileFormat.Parquet, "snappy"), schema, [new RowBatch(schema, 1)]);

        var row = DuckDb.Query($"SELECT type, converted_type, logical_type, repetition_type FROM parquet_schema({DuckDb.Literal(path)}) WHERE name = 'c'").Single();
        Assert.Equal(physical, row[0]);
        Assert.Equal(converted, row[1]);
        Assert.Equal(logical, NormalizeBitWidth((string?)row[2]));
        Assert.Equal("OPTIONAL", row[3]);
    }

    [Theory]
    [InlineData("string", typeof(ReadOnlyMemory<char>))]
    [InlineData("long", typeof(long))]
    [InlineData("integer", typeof(int))]
    [InlineData("short", typeof(short))]
    [InlineData("byte", typeof(sbyte))]
    [InlineData("double", typeof(double))]
    [InlineData("float", typeof(float))]
    [InlineData("boolean", typeof(bool))]
    [InlineData("binary", typeof(ReadOnlyMemory<byte>))]
    [InlineData("date", typeof(DateOnly))]
    public void Plain_types_are_data_fields_of_their_CLR_type(string type, Type clr)
    {
        // Parquet.Net 6 keeps strings and binary as ReadOnlyMemory internally.
        var field = ParquetTypeMapping.ToField(new Column("c", LogicalType.Parse(type), Nullable: false));

        Assert.Equal(clr, field.ClrType);
        Assert.False(field.IsNullable);
        Assert.Equal("c", field.Name);
    }

    [Fact]
    public void Timestamps_are_micros_adjusted_to_UTC()
    {
        var field = Assert.IsType<DateTimeDataField>(ParquetTypeMapping.ToField(new Column("ts", LogicalType.Timestamp, Nullable: true)));

        Assert.Equal(DateTimeFormat.Timestamp, field.DateTimeFormat);
        Assert.Equal(DateTimeTimeUnit.Micros, field.Unit);
        Assert.True(field.IsAdjustedToUTC);
        Assert.True(field.IsNullable);
    }

    [Fact]
    public void Decimals_keep_precision_and_scale()
    {
        var field = Assert.IsType<DecimalDataField>(ParquetTypeMapping.ToField(new Column("d", LogicalType.Decimal(20, 5), Nullable: true)));

        Assert.Equal(20, field.Precision);
        Assert.Equal(5, field.Scale);
        Assert.False(field.ForceByteArrayEncoding);
    }

    [Fact]
    public void A_schema_maps_column_by_column()
    {
        var schema = ParquetTypeMapping.ToSchema(AllTypes.Schema);

        Assert.Equal(AllTypes.Schema.Select(c => c.Name), schema.DataFields.Select(f => f.Name));
        Assert.Equal(AllTypes.Schema.Select(c => c.Nullable), schema.DataFields.Select(f => f.IsNullable));
    }

    // DuckDB prints the bit width of IntType as a raw byte; compare the rest.
    private static string? NormalizeBitWidth(string? logical)
    {
        if (logical is null || !logical.StartsWith("IntType(bitWidth=", StringComparison.Ordinal))
        {
            return logical;
        }

        var width = (int)logical["IntType(bitWidth=".Length];
        return $"IntType(bitWidth={width}, isSigned={logical[(logical.IndexOf("isSigned=", StringComparison.Ordinal) + 9)..]}";
    }
}
