namespace Handoff.Exporter.Sources.DuckDb.Vectors;

/// <summary>DuckDB's validity mask: one bit per row, 64 rows per word, bit set = not NULL.</summary>
internal static unsafe class Validity
{
    public static bool IsValid(ulong* mask, int row) => (mask[row >> 6] & (1UL << (row & 63))) != 0;
}
