using Handoff.Shared.Data;

namespace Handoff.Shared.Formats;

/// <summary>
/// A batch's columns as a row writer reads them: a string column that holds UTF-8 bytes as those
/// bytes (when the writer can take them), every other column as its array. Loaded once per batch.
/// </summary>
internal sealed class BatchColumns(int count)
{
    private readonly Array?[] _arrays = new Array?[count];
    private readonly Utf8Column?[] _utf8 = new Utf8Column?[count];

    public int Count => count;

    /// <summary>The column's array; not to be read for a column whose <see cref="Utf8"/> is not null.</summary>
    public Array Array(int column) => _arrays[column]!;

    /// <summary>The string column's UTF-8 bytes, or null when it is read through <see cref="Array"/>.</summary>
    public Utf8Column? Utf8(int column) => _utf8[column];

    public void Load(RowBatch batch, bool takeUtf8)
    {
        for (var c = 0; c < count; c++)
        {
            _utf8[c] = takeUtf8 ? batch.Utf8(c) : null;
            _arrays[c] = _utf8[c] is null ? batch.Column(c) : null;
        }
    }
}
