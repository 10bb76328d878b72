using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Google.Protobuf;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>Result rows as real Arrow IPC streams, one stream per ArrowBatch response, as Spark sends them.</summary>
public static class FakeArrow
{
    public static readonly MapType StringMap = new(StringType.Default, StringType.Default);

    /// <summary>
    /// Rows of the given columns as an Arrow IPC stream. Supported column types: long, int,
    /// string, bool, timestamp (UTC) and map&lt;string,string&gt;.
    /// </summary>
    public static ByteString Stream(IReadOnlyList<(string Name, IArrowType Type)> columns, IReadOnlyList<object?[]> rows)
    {
        var arrays = new List<IArrowArray>();
        for (var c = 0; c < columns.Count; c++)
        {
            arrays.Add(Build(columns[c].Type, rows.Select(r => r[c]).ToList()));
        }

        var schema = new Apache.Arrow.Schema(columns.Select(c => new Field(c.Name, c.Type, nullable: true)), null);
        using var batch = new RecordBatch(schema, arrays, rows.Count);
        using var memory = new MemoryStream();
        using (var writer = new ArrowStreamWriter(memory, schema, leaveOpen: true))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }

        return ByteString.CopyFrom(memory.ToArray());
    }

    private static IArrowArray Build(IArrowType type, List<object?> values)
    {
        switch (type)
        {
            case Int64Type:
                var longs = new Int64Array.Builder();
                values.ForEach(v => { if (v is null) { longs.AppendNull(); } else { longs.Append(Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)); } });
                return longs.Build();
            case Int32Type:
                var ints = new Int32Array.Builder();
                values.ForEach(v => { if (v is null) { ints.AppendNull(); } else { ints.Append(Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)); } });
                return ints.Build();
            case StringType:
                var strings = new StringArray.Builder();
                values.ForEach(v => { if (v is null) { strings.AppendNull(); } else { strings.Append((string)v); } });
                return strings.Build();
            case BooleanType:
                var booleans = new BooleanArray.Builder();
                values.ForEach(v => { if (v is null) { booleans.AppendNull(); } else { booleans.Append((bool)v); } });
                return booleans.Build();
            case TimestampType timestamp:
                var times = new TimestampArray.Builder(timestamp);
                values.ForEach(v => { if (v is null) { times.AppendNull(); } else { times.Append((DateTimeOffset)v); } });
                return times.Build();
            case MapType map:
                var maps = new MapArray.Builder(map);
                foreach (var value in values)
                {
                    if (value is not IReadOnlyDictionary<string, string> pairs)
                    {
                        maps.AppendNull();
                        continue;
                    }

                    maps.Append();
                    foreach (var (key, item) in pairs)
                    {
                        ((StringArray.Builder)maps.KeyBuilder).Append(key);
                        ((StringArray.Builder)maps.ValueBuilder).Append(item);
                    }
                }

                return maps.Build();
            default:
                throw new NotSupportedException($"the fake does not encode {type.Name}");
        }
    }
}
