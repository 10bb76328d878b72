using Parquet;
using Parquet.Schema;

namespace Handoff.SparkJob.Delta.Engine.Parquet;

/// <summary>
/// Buffers one leaf column of a row group from per-row values and writes it with explicit
/// definition and repetition levels. "Defined levels" counts the optional ancestors (structs,
/// maps, lists) that are present in a row, so a null action struct, a present struct with a null
/// field, and a value all encode distinctly.
/// </summary>
internal abstract class LeafColumnWriter<TRow>
{
    protected LeafColumnWriter(DataField field)
    {
        Field = field;
    }

    public DataField Field { get; }

    public abstract void Append(TRow row);

    public abstract Task WriteAsync(ParquetRowGroupWriter writer, CancellationToken cancellationToken);

    public abstract void Clear();
}

/// <summary>A non-repeated leaf: each row gives its defined parent levels and a value (null when absent).</summary>
internal sealed class ScalarColumnWriter<TRow, TValue> : LeafColumnWriter<TRow>
    where TValue : struct
{
    private readonly Func<TRow, (int DefinedParents, TValue? Value)> _select;
    private readonly List<TValue> _values = [];
    private readonly List<int> _definitions = [];

    public ScalarColumnWriter(DataField field, Func<TRow, (int DefinedParents, TValue? Value)> select)
        : base(field)
    {
        _select = select;
    }

    public override void Append(TRow row)
    {
        var (parents, value) = _select(row);
        if (value is { } present && parents == Field.MaxDefinitionLevel - 1)
        {
            _definitions.Add(Field.MaxDefinitionLevel);
            _values.Add(present);
        }
        else
        {
            _definitions.Add(Math.Min(parents, Field.MaxDefinitionLevel - 1));
        }
    }

    public override Task WriteAsync(ParquetRowGroupWriter writer, CancellationToken cancellationToken) =>
        writer.WriteAllPartsAsync<TValue>(Field, _values.ToArray().AsMemory(), _definitions.ToArray().AsMemory(), null, cancellationToken);

    public override void Clear()
    {
        _values.Clear();
        _definitions.Clear();
    }
}

/// <summary>
/// A repeated leaf (map key, map value or list element): each row gives its defined parent levels
/// (those above the map or list) and its entries, null for a null map or list.
/// </summary>
internal sealed class RepeatedColumnWriter<TRow, TValue> : LeafColumnWriter<TRow>
    where TValue : struct
{
    private readonly Func<TRow, (int DefinedParents, IReadOnlyList<TValue?>? Entries)> _select;
    private readonly List<TValue> _values = [];
    private readonly List<int> _definitions = [];
    private readonly List<int> _repetitions = [];

    public RepeatedColumnWriter(DataField field, Func<TRow, (int DefinedParents, IReadOnlyList<TValue?>? Entries)> select)
        : base(field)
    {
        _select = select;
    }

    public override void Append(TRow row)
    {
        var (parents, entries) = _select(row);
        var entryLevel = Field.IsNullable ? Field.MaxDefinitionLevel - 1 : Field.MaxDefinitionLevel;
        var containerLevel = entryLevel - 1;
        if (entries is null || parents < containerLevel - 1)
        {
            _definitions.Add(Math.Min(parents, containerLevel - 1));
            _repetitions.Add(0);
            return;
        }

        if (entries.Count == 0)
        {
            _definitions.Add(containerLevel);
            _repetitions.Add(0);
            return;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            _repetitions.Add(i == 0 ? 0 : 1);
            if (entries[i] is { } value)
            {
                _definitions.Add(Field.MaxDefinitionLevel);
                _values.Add(value);
            }
            else
            {
                _definitions.Add(entryLevel);
            }
        }
    }

    public override Task WriteAsync(ParquetRowGroupWriter writer, CancellationToken cancellationToken) =>
        writer.WriteAllPartsAsync<TValue>(Field, _values.ToArray().AsMemory(), _definitions.ToArray().AsMemory(), _repetitions.ToArray().AsMemory(), cancellationToken);

    public override void Clear()
    {
        _values.Clear();
        _definitions.Clear();
        _repetitions.Clear();
    }
}
