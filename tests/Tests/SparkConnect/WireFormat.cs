namespace Handoff.Tests.SparkConnect;

/// <summary>
/// A protobuf wire-format reader written from the encoding spec, independent of the generated
/// code: it lets golden tests check field numbers by path (plan=3 → command=2 → sql_command=5).
/// </summary>
internal static class WireFormat
{
    public static IReadOnlyList<(int Field, int WireType, byte[] Payload)> Fields(byte[] message)
    {
        var fields = new List<(int, int, byte[])>();
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message, ref position);
            var field = (int)(key >> 3);
            var wireType = (int)(key & 7);
            switch (wireType)
            {
                case 0:
                    var start = position;
                    ReadVarint(message, ref position);
                    fields.Add((field, wireType, message[start..position]));
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    fields.Add((field, wireType, message[position..(position + length)]));
                    position += length;
                    break;
                default:
                    throw new InvalidDataException($"wire type {wireType} is not used by these messages");
            }
        }

        return fields;
    }

    /// <summary>The payload at a path of field numbers, taking the first occurrence at each level.</summary>
    public static byte[] At(byte[] message, params int[] path)
    {
        var current = message;
        foreach (var field in path)
        {
            current = Fields(current).First(f => f.Field == field).Payload;
        }

        return current;
    }

    public static string Text(byte[] message, params int[] path) => System.Text.Encoding.UTF8.GetString(At(message, path));

    private static ulong ReadVarint(byte[] bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
