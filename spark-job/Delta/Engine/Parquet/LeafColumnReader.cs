using System.Text;
using Handoff.Shared.Input;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace Handoff.SparkJob.Delta.Engine.Parquet;

/// <summary>
/// Reads the leaf columns of one row group and re-assembles them per row from their definition
/// and repetition levels (Dremel encoding), for the shapes checkpoints use: optional scalars
/// under optional structs, and maps and lists of strings. A column absent from the file reads as
/// null in every row, as the protocol asks ("any missing column should be treated as null").
/// </summary>
internal sealed class LeafColumnReader
{
    private readonly ParquetRowGroupReader _rowGroup;
    private readonly ParquetSchema _schema;
    private readonly Dictionary<string, DataField> _leaves;

    public LeafColumnReader(ParquetSchema schema, ParquetRowGroupReader rowGroup)
    {
        _schema = schema;
        _rowGroup = rowGroup;
        _leaves = schema.GetDataFields().ToDictionary(f => string.Join('/', f.Path.ToList()), StringComparer.Ordinal);
        RowCount = checked((int)rowGroup.RowCount);
    }

    public int RowCount { get; }

    /// <summary>For each row, whether the top-level struct <paramref name="name"/> is present (not null).</summary>
    public async Task<bool[]> ReadStructPresenceAsync(string name, CancellationToken cancellationToken)
    {
        var present = new bool[RowCount];
        var top = _schema.Fields.FirstOrDefault(f => f.Name == name);
        var leaf = _leaves.FirstOrDefault(kv => kv.Key.StartsWith(name + "/", StringComparison.Ordinal)).Value;
        if (top is null || leaf is null)
        {
            return present;
        }

        if (!top.IsNullable)
        {
            Array.Fill(present, true);
            return present;
        }

        using var raw = await _rowGroup.ReadRawColumnDataBaseAsync(leaf, cancellationToken);
        var definitions = raw.DefinitionLevels;
        var repetitions = leaf.MaxRepetitionLevel > 0 ? raw.RepetitionLevels : default;
        var row = -1;
        for (var i = 0; i < definitions.Length; i++)
        {
            if (leaf.MaxRepetitionLevel == 0 || repetitions[i] == 0)
            {
                row++;
            }

            if (row < RowCount && definitions[i] >= 1)
            {
                present[row] = true;
            }
        }

        return present;
    }

    /// <summary>One value per row for a non-repeated leaf such as "add/size"; null where it or a parent is null.</summary>
    public async Task<object?[]> ReadScalarAsync(string path, CancellationToken cancellationToken)
    {
        var values = new object?[RowCount];
        if (!_leaves.TryGetValue(path, out var field))
        {
            return values;
        }

        if (field.MaxRepetitionLevel > 0)
        {
            throw new InputFormatException($"column '{path}' is repeated where a single value was expected");
        }

        using var raw = await _rowGroup.ReadRawColumnDataBaseAsync(field, cancellationToken);
        var packed = Unpack(raw);
        if (field.MaxDefinitionLevel == 0)
        {
            for (var row = 0; row < RowCount; row++)
            {
                values[row] = packed[row];
            }

            return values;
        }

        var definitions = raw.DefinitionLevels;
        var next = 0;
        for (var row = 0; row < RowCount && row < definitions.Length; row++)
        {
            if (definitions[row] == field.MaxDefinitionLevel)
            {
                values[row] = packed[next++];
            }
        }

        return values;
    }

    /// <summary>One string list per row for a list such as "metaData/partitionColumns"; null where the list is null.</summary>
    public async Task<List<string?>?[]> ReadStringListAsync(string path, CancellationToken cancellationToken)
    {
        var leaf = _leaves.FirstOrDefault(kv => kv.Key.StartsWith(path + "/", StringComparison.Ordinal)).Value;
        var lists = new List<string?>?[RowCount];
        if (leaf is null)
        {
            return lists;
        }

        var entries = await ReadRepeatedAsync(leaf, cancellationToken);
        for (var row = 0; row < RowCount; row++)
        {
            lists[row] = entries[row]?.Select(v => v as string).ToList();
        }

        return lists;
    }

    /// <summary>One string map per row for a map such as "add/partitionValues"; null where the map is null.</summary>
    public async Task<Dictionary<string, string?>?[]> ReadStringMapAsync(string path, CancellationToken cancellationToken)
    {
        var leaves = _leaves.Where(kv => kv.Key.StartsWith(path + "/", StringComparison.Ordinal)).Select(kv => kv.Value).ToList();
        var maps = new Dictionary<string, string?>?[RowCount];
        if (leaves.Count < 2)
        {
            return maps;
        }

        var keys = await ReadRepeatedAsync(leaves[0], cancellationToken);
        var values = await ReadRepeatedAsync(leaves[1], cancellationToken);
        for (var row = 0; row < RowCount; row++)
        {
            if (keys[row] is not { } rowKeys)
            {
                continue;
            }

            var map = new Dictionary<string, string?>(StringComparer.Ordinal);
            var rowValues = values[row];
            for (var i = 0; i < rowKeys.Count; i++)
            {
                if (rowKeys[i] is string key)
                {
                    map[key] = rowValues is not null && i < rowValues.Count ? rowValues[i] as string : null;
                }
            }

            maps[row] = map;
        }

        return maps;
    }

    /// <summary>
    /// Splits a repeated leaf into rows: a repetition level of 0 starts a row; the definition level
    /// says whether the row's list is null, empty, or has an entry (which may itself be null).
    /// </summary>
    private async Task<List<object?>?[]> ReadRepeatedAsync(DataField field, CancellationToken cancellationToken)
    {
        var rows = new List<object?>?[RowCount];
        using var raw = await _rowGroup.ReadRawColumnDataBaseAsync(field, cancellationToken);
        var packed = Unpack(raw);
        var definitions = raw.DefinitionLevels;
        var repetitions = raw.RepetitionLevels;
        var valueLevel = field.MaxDefinitionLevel;
        var entryLevel = field.IsNullable ? valueLevel - 1 : valueLevel;
        var listLevel = entryLevel - 1;
        var row = -1;
        var next = 0;
        for (var i = 0; i < definitions.Length; i++)
        {
            if (repetitions[i] == 0)
            {
                row++;
            }

            if (row >= RowCount)
            {
                break;
            }

            var definition = definitions[i];
            if (definition >= listLevel)
            {
                rows[row] ??= [];
            }

            if (definition >= entryLevel)
            {
                rows[row]!.Add(definition == valueLevel ? packed[next++] : null);
            }
        }

        return rows;
    }

    /// <summary>The column's non-null values in order, as string, long, int, bool, double, float or byte[].</summary>
    private static object?[] Unpack(RawColumnData raw) => raw switch
    {
        RawColumnData<ReadOnlyMemory<char>> text => Convert(text.Values, v => (object?)new string(v.Span)),
        RawColumnData<ReadOnlyMemory<byte>> bytes => Convert(bytes.Values, v => (object?)Encoding.UTF8.GetString(v.Span)),
        RawColumnData<long> longs => Convert(longs.Values, v => (object?)v),
        RawColumnData<int> ints => Convert(ints.Values, v => (object?)v),
        RawColumnData<bool> bools => Convert(bools.Values, v => (object?)v),
        RawColumnData<double> doubles => Convert(doubles.Values, v => (object?)v),
        RawColumnData<float> floats => Convert(floats.Values, v => (object?)v),
        RawColumnData<short> shorts => Convert(shorts.Values, v => (object?)(int)v),
        RawColumnData<sbyte> sbytes => Convert(sbytes.Values, v => (object?)(int)v),
        _ => throw new InputFormatException($"unexpected Parquet column type {raw.GetType().GetGenericArguments().FirstOrDefault()?.Name}"),
    };

    private static object?[] Convert<T>(Span<T> values, Func<T, object?> convert)
    {
        var result = new object?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = convert(values[i]);
        }

        return result;
    }
}
