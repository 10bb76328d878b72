namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// Min/max statistics we compute ourselves for a column chunk, replacing Parquet.Net's in the
/// footer; <see cref="None"/> removes them (a reader then scans the chunk instead of trusting a
/// wrong bound).
/// </summary>
internal sealed record StatisticsOverride(byte[]? Min, byte[]? Max)
{
    public static StatisticsOverride None { get; } = new(null, null);
}
