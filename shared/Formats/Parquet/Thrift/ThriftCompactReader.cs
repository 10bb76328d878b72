using Handoff.Shared.Input;

namespace Handoff.Shared.Formats.Parquet.Thrift;

/// <summary>Decodes Thrift compact-protocol structs (the encoding of Parquet metadata) into <see cref="ThriftStruct"/>.</summary>
internal ref struct ThriftCompactReader
{
    private const int MaxDepth = 64;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    private ThriftCompactReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public static ThriftStruct ReadStruct(ReadOnlySpan<byte> data)
    {
        var reader = new ThriftCompactReader(data);
        return reader.ReadStruct(0);
    }

    private ThriftStruct ReadStruct(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InputFormatException("Parquet metadata is nested too deeply");
        }

        var result = new ThriftStruct();
        short lastId = 0;
        while (true)
        {
            var header = ReadByte();
            var type = (ThriftType)(header & 0x0F);
            if (type == ThriftType.Stop)
            {
                return result;
            }

            var delta = header >> 4;
            var id = delta != 0 ? (short)(lastId + delta) : (short)ZigZag(ReadVarint());
            lastId = id;
            object value = type switch
            {
                ThriftType.BooleanTrue => true,
                ThriftType.BooleanFalse => false,
                _ => ReadValue(type, depth),
            };
            result.Fields.Add(new ThriftField(id, type, value));
        }
    }

    private object ReadValue(ThriftType type, int depth)
    {
        switch (type)
        {
            case ThriftType.Byte:
                return (sbyte)ReadByte();
            case ThriftType.I16:
            case ThriftType.I32:
            case ThriftType.I64:
                return ZigZag(ReadVarint());
            case ThriftType.Double:
                return BitConverter.ToDouble(Take(8));
            case ThriftType.Binary:
                return Take(ReadLength()).ToArray();
            case ThriftType.List:
            case ThriftType.Set:
                return ReadList(depth);
            case ThriftType.Map:
                return ReadMap(depth);
            case ThriftType.Struct:
                return ReadStruct(depth + 1);
            default:
                throw new InputFormatException($"Parquet metadata holds an unknown Thrift type {(int)type} at byte {_position}");
        }
    }

    private ThriftList ReadList(int depth)
    {
        var header = ReadByte();
        var elementType = (ThriftType)(header & 0x0F);
        var size = header >> 4;
        if (size == 15)
        {
            size = ReadLength();
        }

        var items = new List<object>(Math.Min(size, 1024));
        for (var i = 0; i < size; i++)
        {
            // Booleans inside collections are one byte each, not folded into a header.
            items.Add(elementType is ThriftType.BooleanTrue or ThriftType.BooleanFalse ? ReadByte() == 1 : ReadValue(elementType, depth));
        }

        return new ThriftList(elementType, items);
    }

    private ThriftMap ReadMap(int depth)
    {
        var size = ReadLength();
        if (size == 0)
        {
            return new ThriftMap(ThriftType.Stop, ThriftType.Stop, []);
        }

        var types = ReadByte();
        var keyType = (ThriftType)(types >> 4);
        var valueType = (ThriftType)(types & 0x0F);
        var entries = new List<KeyValuePair<object, object>>(Math.Min(size, 1024));
        for (var i = 0; i < size; i++)
        {
            var key = keyType is ThriftType.BooleanTrue or ThriftType.BooleanFalse ? ReadByte() == 1 : ReadValue(keyType, depth);
            var value = valueType is ThriftType.BooleanTrue or ThriftType.BooleanFalse ? ReadByte() == 1 : ReadValue(valueType, depth);
            entries.Add(new KeyValuePair<object, object>(key, value));
        }

        return new ThriftMap(keyType, valueType, entries);
    }

    private int ReadLength()
    {
        var length = ReadVarint();
        // Every element takes at least one byte, so no honest length exceeds what is left.
        if (length > (ulong)(_data.Length - _position))
        {
            throw new InputFormatException($"Parquet metadata holds an impossible length {length} at byte {_position}");
        }

        return (int)length;
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new InputFormatException($"Parquet metadata holds an overlong varint at byte {_position}");
    }

    private static long ZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw new InputFormatException("Parquet metadata ends unexpectedly (truncated footer)");
        }

        return _data[_position++];
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - _position)
        {
            throw new InputFormatException("Parquet metadata ends unexpectedly (truncated footer)");
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }
}
