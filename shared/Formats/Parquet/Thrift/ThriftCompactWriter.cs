using System.Buffers;

namespace Handoff.Shared.Formats.Parquet.Thrift;

/// <summary>Encodes a <see cref="ThriftStruct"/> in the Thrift compact protocol.</summary>
internal sealed class ThriftCompactWriter
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);

    public static byte[] Write(ThriftStruct value)
    {
        var writer = new ThriftCompactWriter();
        writer.WriteStruct(value);
        return writer._output.WrittenSpan.ToArray();
    }

    private void WriteStruct(ThriftStruct value)
    {
        short lastId = 0;
        foreach (var field in value.Fields)
        {
            var type = field.Type is ThriftType.BooleanTrue or ThriftType.BooleanFalse
                ? ((bool)field.Value ? ThriftType.BooleanTrue : ThriftType.BooleanFalse)
                : field.Type;
            var delta = field.Id - lastId;
            if (delta is > 0 and <= 15)
            {
                WriteByte((byte)((delta << 4) | (int)type));
            }
            else
            {
                WriteByte((byte)type);
                WriteVarint(ZigZag(field.Id));
            }

            lastId = field.Id;
            if (type is not (ThriftType.BooleanTrue or ThriftType.BooleanFalse))
            {
                WriteValue(type, field.Value);
            }
        }

        WriteByte((byte)ThriftType.Stop);
    }

    private void WriteValue(ThriftType type, object value)
    {
        switch (type)
        {
            case ThriftType.BooleanTrue:
            case ThriftType.BooleanFalse:
                WriteByte((bool)value ? (byte)1 : (byte)2);
                break;
            case ThriftType.Byte:
                WriteByte((byte)(sbyte)value);
                break;
            case ThriftType.I16:
            case ThriftType.I32:
            case ThriftType.I64:
                WriteVarint(ZigZag((long)value));
                break;
            case ThriftType.Double:
                BitConverter.TryWriteBytes(_output.GetSpan(8), (double)value);
                _output.Advance(8);
                break;
            case ThriftType.Binary:
                var bytes = (byte[])value;
                WriteVarint((ulong)bytes.Length);
                _output.Write(bytes);
                break;
            case ThriftType.List:
            case ThriftType.Set:
                WriteList((ThriftList)value);
                break;
            case ThriftType.Map:
                WriteMap((ThriftMap)value);
                break;
            case ThriftType.Struct:
                WriteStruct((ThriftStruct)value);
                break;
            default:
                throw new InvalidOperationException($"cannot write Thrift type {type}");
        }
    }

    private void WriteList(ThriftList list)
    {
        var count = list.Items.Count;
        if (count < 15)
        {
            WriteByte((byte)((count << 4) | (int)list.ElementType));
        }
        else
        {
            WriteByte((byte)(0xF0 | (int)list.ElementType));
            WriteVarint((ulong)count);
        }

        foreach (var item in list.Items)
        {
            WriteValue(list.ElementType, item);
        }
    }

    private void WriteMap(ThriftMap map)
    {
        WriteVarint((ulong)map.Entries.Count);
        if (map.Entries.Count == 0)
        {
            return;
        }

        WriteByte((byte)(((int)map.KeyType << 4) | (int)map.ValueType));
        foreach (var entry in map.Entries)
        {
            WriteValue(map.KeyType, entry.Key);
            WriteValue(map.ValueType, entry.Value);
        }
    }

    private void WriteVarint(ulong value)
    {
        var span = _output.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _output.Advance(i);
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }
}
