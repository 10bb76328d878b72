using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace Handoff.SparkJob.SparkConnect.Results;

/// <summary>
/// Decodes the Arrow IPC streams Spark returns (ArrowBatch.data, LocalRelation.data) into rows,
/// one record batch at a time. The types are those Spark's ArrowUtils.toArrowType writes
/// (sql/api/.../util/ArrowUtils.scala): the large string, binary and list variants when
/// spark.sql.execution.arrow.useLargeVarTypes is on, year-month intervals as Interval(YEAR_MONTH),
/// day-time intervals as Duration(MICROSECOND), calendar intervals as Interval(MONTH_DAY_NANO),
/// and TIME (Spark 4.1) as Time64(NANOSECOND).
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
            LargeBinaryArray a => a.GetBytes(index).ToArray(),
            BinaryArray a => a.GetBytes(index).ToArray(),
            Decimal128Array a => a.GetValue(index),
            YearMonthIntervalArray a => a.GetValue(index)?.Months,
            DurationArray a => a.GetTimeSpan(index),
            MonthDayNanosecondIntervalArray a => a.GetValue(index),
            Time64Array a => a.GetTime(index),
            Date32Array a => a.GetDateOnly(index),
            TimestampArray a when ((TimestampType)a.Data.DataType).IsTimeZoneAware => a.GetTimestamp(index),
            TimestampArray a => a.GetTimestamp(index)?.UtcDateTime,
            MapArray a => MapAt(a, index),
            ListArray a => ListAt(a.Values, a.ValueOffsets[index], a.ValueOffsets[index + 1]),
            LargeListArray a => ListAt(a.Values, a.ValueOffsets[index], a.ValueOffsets[index + 1]),
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

    private static List<object?> ListAt(IArrowArray values, long start, long end)
    {
        var result = new List<object?>();
        for (var i = start; i < end; i++)
        {
            result.Add(ValueAt(values, checked((int)i)));
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
