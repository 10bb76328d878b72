namespace Handoff.Shared.Formats.Parquet.Thrift;

/// <summary>Thrift compact-protocol type codes (the low nibble of a field header).</summary>
internal enum ThriftType : byte
{
    Stop = 0,
    BooleanTrue = 1,
    BooleanFalse = 2,
    Byte = 3,
    I16 = 4,
    I32 = 5,
    I64 = 6,
    Double = 7,
    Binary = 8,
    List = 9,
    Set = 10,
    Map = 11,
    Struct = 12,
}

/// <summary>
/// A Thrift struct kept as its raw fields, so that a Parquet footer can be read, patched in a
/// few places and written back without a generated model of every Parquet metadata type.
/// Values are: bool, sbyte, long (i16/i32/i64), double, byte[], <see cref="ThriftList"/>,
/// <see cref="ThriftMap"/> or <see cref="ThriftStruct"/>.
/// </summary>
internal sealed class ThriftStruct
{
    public List<ThriftField> Fields { get; } = [];

    public ThriftField? Find(short id)
    {
        foreach (var field in Fields)
        {
            if (field.Id == id)
            {
                return field;
            }
        }

        return null;
    }

    public ThriftStruct? Struct(short id) => Find(id)?.Value as ThriftStruct;

    public ThriftList? List(short id) => Find(id)?.Value as ThriftList;

    public long? Integer(short id) => Find(id)?.Value is long value ? value : null;

    public byte[]? Binary(short id) => Find(id)?.Value as byte[];

    public bool? Boolean(short id) => Find(id)?.Value is bool value ? value : null;

    public void Remove(short id) => Fields.RemoveAll(f => f.Id == id);

    /// <summary>Replaces or adds a field, keeping fields in id order as Thrift writers do.</summary>
    public void Set(short id, ThriftType type, object value)
    {
        var field = new ThriftField(id, type, value);
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Id == id)
            {
                Fields[i] = field;
                return;
            }

            if (Fields[i].Id > id)
            {
                Fields.Insert(i, field);
                return;
            }
        }

        Fields.Add(field);
    }
}

internal sealed record ThriftField(short Id, ThriftType Type, object Value);

internal sealed record ThriftList(ThriftType ElementType, List<object> Items);

internal sealed record ThriftMap(ThriftType KeyType, ThriftType ValueType, List<KeyValuePair<object, object>> Entries);
