using System.Globalization;
using Handoff.Shared.Input;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Decimals;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>Turns one batch value into its physical Parquet value; a static interface so each encoder's loop is specialised and inlined.</summary>
internal interface IPhysicalValue<TSource, TPhysical>
    where TSource : struct
    where TPhysical : unmanaged
{
    static abstract TPhysical Convert(TSource value, Column column, int row);
}

/// <summary>Values stored as they are (long as INT64, int as INT32).</summary>
internal readonly struct SameValue<T> : IPhysicalValue<T, T>
    where T : unmanaged
{
    public static T Convert(T value, Column column, int row) => value;
}

/// <summary>Shorts as INT32, annotated INT(16, signed).</summary>
internal readonly struct ShortAsInt32 : IPhysicalValue<short, int>
{
    public static int Convert(short value, Column column, int row) => value;
}

/// <summary>Signed bytes as INT32, annotated INT(8, signed).</summary>
internal readonly struct ByteAsInt32 : IPhysicalValue<sbyte, int>
{
    public static int Convert(sbyte value, Column column, int row) => value;
}

/// <summary>Timestamps as microseconds since the epoch; flooring (not truncating toward zero) keeps instants before 1970 in order.</summary>
internal readonly struct TimestampMicros : IPhysicalValue<DateTime, long>
{
    public static long Convert(DateTime value, Column column, int row) =>
        Math.DivRem(value.Ticks - DateTime.UnixEpoch.Ticks, 10, out var rest) - (rest < 0 ? 1 : 0);
}

/// <summary>Dates as days since 1970-01-01.</summary>
internal readonly struct DateDays : IPhysicalValue<DateOnly, int>
{
    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    public static int Convert(DateOnly value, Column column, int row) => value.DayNumber - UnixEpochDay;
}

/// <summary>Decimals of up to 18 digits as their unscaled INT64; a value that needs rounding is refused.</summary>
internal readonly struct UnscaledInt64 : IPhysicalValue<decimal, long>
{
    public static long Convert(decimal value, Column column, int row) => (long)UnscaledDecimal.Of(value, column, row);
}

/// <summary>Decimals of up to 9 digits as their unscaled INT32; a value that needs rounding is refused.</summary>
internal readonly struct UnscaledInt32 : IPhysicalValue<decimal, int>
{
    public static int Convert(decimal value, Column column, int row) => (int)UnscaledDecimal.Of(value, column, row);
}

internal static class UnscaledDecimal
{
    public static Int128 Of(decimal value, Column column, int row) =>
        DecimalScaling.TryGetUnscaled(value, column.Type.Precision, column.Type.Scale, out var unscaled)
            ? unscaled
            : throw new InputDataException(string.Create(CultureInfo.InvariantCulture, $"column '{column.Name}', row {row} of the batch: {value} does not fit {column.Type} without rounding"));
}
