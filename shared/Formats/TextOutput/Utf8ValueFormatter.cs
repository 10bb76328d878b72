using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;

namespace Handoff.Shared.Formats.TextOutput;

/// <summary>Formats one cell of a batch column (any kind but string and binary) as UTF-8 text, per <see cref="TextValueMapping"/>.</summary>
internal static class Utf8ValueFormatter
{
    /// <summary>Bytes written to <paramref name="destination"/> (at least <see cref="TextValueMapping.MaxFormattedLength"/> long), or -1 for a null.</summary>
    public static int Format(LogicalType type, Array column, int row, Span<byte> destination)
    {
        switch (type.Kind)
        {
            case LogicalKind.Long:
                return ((long?[])column)[row] is { } l ? TextValueMapping.FormatLong(l, destination) : -1;
            case LogicalKind.Integer:
                return ((int?[])column)[row] is { } i ? TextValueMapping.FormatLong(i, destination) : -1;
            case LogicalKind.Short:
                return ((short?[])column)[row] is { } s ? TextValueMapping.FormatLong(s, destination) : -1;
            case LogicalKind.Byte:
                return ((sbyte?[])column)[row] is { } b ? TextValueMapping.FormatLong(b, destination) : -1;
            case LogicalKind.Double:
                return ((double?[])column)[row] is { } d ? TextValueMapping.FormatDouble(d, destination) : -1;
            case LogicalKind.Float:
                return ((float?[])column)[row] is { } f ? TextValueMapping.FormatFloat(f, destination) : -1;
            case LogicalKind.Boolean:
                return ((bool?[])column)[row] is { } flag ? TextValueMapping.FormatBoolean(flag, destination) : -1;
            case LogicalKind.Decimal:
                return ((decimal?[])column)[row] is { } m ? TextValueMapping.FormatDecimal(m, type.Precision, type.Scale, destination) : -1;
            case LogicalKind.Date:
                return ((DateOnly?[])column)[row] is { } date ? TextValueMapping.FormatDate(date, destination) : -1;
            case LogicalKind.Timestamp:
                return ((DateTime?[])column)[row] is { } timestamp ? TextValueMapping.FormatTimestamp(timestamp, destination) : -1;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type.Kind, "strings and binary are not formatted here");
        }
    }
}
