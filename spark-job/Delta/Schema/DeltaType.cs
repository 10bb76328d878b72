using System.Globalization;

namespace Handoff.SparkJob.Delta.Schema;

/// <summary>
/// A column type of a Delta schema. <see cref="TypeText"/> uses Delta's JSON type names at every
/// level ("integer", "long", "timestamp_ntz", "decimal(10,2)", "array&lt;integer&gt;",
/// "struct&lt;a:long,b:string&gt;", "map&lt;string,long&gt;"), not Spark's SQL spellings ("int",
/// "bigint"): the names match <c>LogicalType.ToString()</c> and the manifest, so a table's schema
/// compares with an export's schema as plain text.
/// </summary>
public abstract record DeltaType
{
    public abstract string TypeText { get; }

    public sealed override string ToString() => TypeText;
}

/// <summary>A primitive type by its Delta name: string, long, integer, short, byte, float, double, boolean, binary, date, timestamp, timestamp_ntz, variant, ...</summary>
public sealed record DeltaPrimitiveType(string Name) : DeltaType
{
    public override string TypeText => Name;
}

public sealed record DeltaDecimalType(int Precision, int Scale) : DeltaType
{
    public override string TypeText => string.Create(CultureInfo.InvariantCulture, $"decimal({Precision},{Scale})");
}

public sealed record DeltaArrayType(DeltaType ElementType, bool ContainsNull) : DeltaType
{
    public override string TypeText => $"array<{ElementType.TypeText}>";
}

public sealed record DeltaMapType(DeltaType KeyType, DeltaType ValueType, bool ValueContainsNull) : DeltaType
{
    public override string TypeText => $"map<{KeyType.TypeText},{ValueType.TypeText}>";
}

public sealed record DeltaStructType(IReadOnlyList<DeltaField> Fields) : DeltaType
{
    public override string TypeText => $"struct<{string.Join(",", Fields.Select(f => $"{f.Name}:{f.Type.TypeText}"))}>";
}
