namespace Handoff.Exporter.Sources.DuckDb.Vectors.Conversions;

/// <summary>Why a DATE or TIMESTAMP cannot be exported: said so the user knows what to change in the query.</summary>
internal static class TemporalLimits
{
    public static string Infinite(string kind) => $"an infinite {kind} cannot be exported; replace it in the query (e.g. with NULLIF or a CASE)";

    public static string OutOfRange(string kind) => $"the {kind} is outside years 1 to 9999, which the export cannot hold";
}
