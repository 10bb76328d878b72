namespace Handoff.Exporter.Sources.DuckDb.Vectors;

/// <summary>
/// Turns one element of a DuckDB vector into the batch's CLR value. Implemented by small readonly
/// structs so that the copier's loop is compiled once per conversion, with the call inlined.
/// </summary>
internal interface IVectorConversion<TSource, TTarget>
    where TSource : unmanaged
{
    /// <returns>false when the export cannot hold the value; <see cref="Explain"/> then says why.</returns>
    bool TryConvert(TSource value, out TTarget result);

    /// <summary>Why <paramref name="value"/> cannot be exported, said so the user can fix the query.</summary>
    string Explain(TSource value);
}
