using System.Globalization;
using Handoff.Shared.Formats.Text;
using Handoff.Shared.Schema;
using Parquet.Schema;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>
/// Decimals of more than 18 digits, which Parquet.Net encodes as 16-byte FIXED_LEN_BYTE_ARRAY.
/// They are checked against the column's precision and scale first: Parquet.Net would otherwise
/// round extra decimal places away or fail deep inside its encoder.
/// </summary>
internal sealed class DecimalColumnBuffer(Column column, DataField field) : ValueColumnBuffer<decimal>(column, field)
{
    protected override void Observe(ReadOnlySpan<decimal?> values, int offset)
    {
        var precision = Column.Type.Precision;
        var scale = Column.Type.Scale;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } value && !DecimalScaling.TryGetUnscaled(value, precision, scale, out _))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"column '{Column.Name}', row {offset + i} of the batch: {value} does not fit {Column.Type} without rounding"));
            }
        }
    }
}
