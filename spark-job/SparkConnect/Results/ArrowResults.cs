using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace Handoff.SparkJob.SparkConnect.Results;

/// <summary>
/// Decodes the Arrow IPC streams Spark returns (ArrowBatch.data, LocalRelation.data) into rows,
/// one record batch at a time.
/// </summary>
public static class ArrowResults
{
    public static async IAsyncEnumerable<SparkRow> ReadRowsAsync(ReadOnlyMemory<byte> ipcStream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new ArrowStreamReader(ipcStream);
        while (await reader.ReadNextRecordBatchAsync(cancellationToken) is { } batch)
        {
            using (batch)
            {
                var names = batch.Schema.FieldsList.Select(f => f.Name).ToArray();
                for (var row = 0; row < batch.Length; row++)
                {
                    var values = new object?[batch.ColumnCount];
                    for (var column = 0; column < batch.ColumnCount; column++)
                    {
                        values[column] = ValueAt(batch.Column(column), row);
                    }

                    yield return new SparkRow(names, values);
                }
            }
        }
    }

    /// <summary>The CLR value of one array slot (see <see cref="SparkRow"/> for the types).</summary>
    public static object? ValueAt(IArrowArray array, int index)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.IsNull(index))
        {
            return null;
        }

        return array switch
        {
            Int64Array a => a.GetValue(index),
            Int32Array a => a.GetValue(index),
            Int16Array a => a.GetValue(index),
            Int8Array a => a.GetValue(index),
            DoubleArray a => a.GetValue(index),
            FloatArray a => a.GetValue(index),
            BooleanArray a => a.GetValue(index),
            StringArray a => a.GetString(index),
            LargeStringArray a => a.GetString(index),
            BinaryArray a => a.GetBytes(index).ToArray(),
            Decimal128Array a => a.GetValue(index),
            Date32Array a => a.GetDateOnly(index),
            TimestampArray a when ((TimestampType)a.Data.DataType).IsTimeZoneAware => a.GetTimestamp(index),
            TimestampArray a => a.GetTimestamp(index)?.UtcDateTime,
            MapArray a => MapAt(a, index),
            ListArray a => ListAt(a, index),
            StructArray a => StructAt(a, index),
            NullArray => null,
            _ => throw new NotSupportedException($"Arrow type {array.Data.DataType.Name} is not decoded"),
        };
    }

    private static Dictionary<string, object?> MapAt(MapArray map, int index)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        var start = map.ValueOffsets[index];
        var end = map.ValueOffsets[index + 1];
        for (var i = start; i < end; i++)
        {
            var key = ValueAt(map.Keys, i)?.ToString() ?? string.Empty;
            result[key] = ValueAt(map.Values, i);
        }

        return result;
    }

    private static List<object?> ListAt(ListArray list, int index)
    {
        var result = new List<object?>();
        var start = list.ValueOffsets[index];
        var end = list.ValueOffsets[index + 1];
        for (var i = start; i < end; i++)
        {
            result.Add(ValueAt(list.Values, i));
        }

        return result;
    }

    private static Dictionary<string, object?> StructAt(StructArray value, int index)
    {
        var type = (StructType)value.Data.DataType;
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < type.Fields.Count; i++)
        {
            result[type.Fields[i].Name] = ValueAt(value.Fields[i], index);
        }

        return result;
    }
}
