using Handoff.Exporter.Sources.DuckDb.Vectors.Conversions;
using Handoff.Shared.Data;

namespace Handoff.Exporter.Sources.DuckDb.Vectors;

/// <summary>
/// Copies a window of a VARCHAR vector into the batch as the UTF-8 bytes DuckDB holds: the writers
/// copy them on as they are, so a value is never decoded into a .NET string unless a consumer asks
/// for one. DuckDB validates VARCHAR as UTF-8; checking again is cheap and keeps bytes that are not
/// text (from an extension, say) out of a STRING column.
/// </summary>
internal sealed unsafe class Utf8Copier(int ordinal) : ColumnFiller<ChunkWindow>(ordinal)
{
    private RowBatch? _batch;

    public override void Attach(RowBatch batch) => _batch = batch;

    public override void Fill(ChunkWindow window, int row)
    {
        var target = _batch!.WriteUtf8(Ordinal);
        var source = (DuckDbString*)window.Chunk.Data(Ordinal) + window.Start;
        var validity = window.Chunk.Validity(Ordinal);

        // Lengths first, so the column makes room once for the window. A NULL's entry is not
        // initialised: its length is not to be read.
        long bytes = 0;
        for (var i = 0; i < window.Count; i++)
        {
            if (validity == null || Validity.IsValid(validity, window.Start + i))
            {
                bytes += source[i].Length;
            }
        }

        var appender = target.Append(row, window.Count, checked((int)bytes));
        for (var i = 0; i < window.Count; i++)
        {
            if (validity != null && !Validity.IsValid(validity, window.Start + i))
            {
                appender.AddNull();
            }
            else
            {
                var value = source + i;
                appender.Add(new ReadOnlySpan<byte>(DuckDbString.Bytes(value), value->Length));
            }
        }

        appender.Complete();
        if (target.FirstInvalidUtf8(row) is var invalid and >= 0)
        {
            throw new UnexportableValueException(invalid, "the text is not valid UTF-8");
        }
    }
}
