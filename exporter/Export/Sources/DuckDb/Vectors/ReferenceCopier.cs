namespace Handoff.Exporter.Sources.DuckDb.Vectors;

/// <summary>
/// Copies a window of one column's vector into a batch array of a reference type (string,
/// byte[]), writing null where the validity mask says NULL.
/// <para><see cref="Fill"/> copies the whole window, starting at batch row <c>row</c>.</para>
/// </summary>
internal sealed unsafe class ReferenceCopier<TSource, TTarget, TConversion>(int ordinal, TConversion conversion)
    : ReferenceFiller<ChunkWindow, TTarget>(ordinal)
    where TSource : unmanaged
    where TTarget : class
    where TConversion : struct, IVectorConversion<TSource, TTarget>
{
    public override void Fill(ChunkWindow window, int row)
    {
        var source = (TSource*)window.Chunk.Data(Ordinal) + window.Start;
        var validity = window.Chunk.Validity(Ordinal);
        var target = Values.AsSpan(row, window.Count);
        for (var i = 0; i < target.Length; i++)
        {
            if (validity != null && !Validity.IsValid(validity, window.Start + i))
            {
                target[i] = null;
            }
            else if (conversion.TryConvert(source[i], out var value))
            {
                target[i] = value;
            }
            else
            {
                throw new UnexportableValueException(row + i, conversion.Explain(source[i]));
            }
        }
    }
}
