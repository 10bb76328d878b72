using Handoff.Shared.Data;
using Handoff.Shared.Input;
using Handoff.Shared.Schema;
using Handoff.Shared.Schema.Mappings;
using Parquet;
using Parquet.Schema;

namespace Handoff.Shared.Formats.Parquet;

/// <summary>
/// Reads a Parquet file into batches of the given schema: columns are found by name and must
/// have a compatible type. A row group is decoded at a time. Parquet needs random access, so a
/// stream that cannot seek is first copied to a temporary file.
/// </summary>
internal sealed class ParquetRowBatchReader(TableSchema schema, Stream input) : IRowBatchReader
{
    /// <summary>How Parquet.Net maps columns to CLR types for our reads; ParquetFileSummary reads foreign schemas the same way.</summary>
    internal static readonly ParquetOptions Options = new() { UseDateOnlyTypeForDates = true, TreatByteArrayAsString = false };

    private Stream? _seekable;
    private ParquetReader? _reader;
    private DataField[] _fields = [];
    private Array[] _rowGroup = [];
    private int _rowGroupIndex = -1;
    private int _rowGroupRows;
    private int _rowGroupPosition;
    private long _rowsBefore;

    public async Task<bool> ReadAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var reader = await OpenAsync(cancellationToken);
        batch.Count = 0;
        while (batch.Count < batch.Capacity)
        {
            if (_rowGroupPosition >= _rowGroupRows)
            {
                if (_rowGroupIndex + 1 >= reader.RowGroupCount)
                {
                    break;
                }

                await LoadRowGroupAsync(reader, _rowGroupIndex + 1, cancellationToken);
                continue;
            }

            var take = Math.Min(batch.Capacity - batch.Count, _rowGroupRows - _rowGroupPosition);
            for (var c = 0; c < schema.Count; c++)
            {
                CopyColumn(c, batch, take);
            }

            batch.Count += take;
            _rowGroupPosition += take;
        }

        return batch.Count > 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_reader is not null)
        {
            await _reader.DisposeAsync();
            _reader = null;
        }

        if (_seekable is not null && !ReferenceEquals(_seekable, input))
        {
            await _seekable.DisposeAsync();
        }

        _seekable = null;
    }

    private async ValueTask<ParquetReader> OpenAsync(CancellationToken cancellationToken)
    {
        if (_reader is not null)
        {
            return _reader;
        }

        _seekable = input.CanSeek ? input : await CopyToTemporaryFileAsync(input, cancellationToken);
        try
        {
            _reader = await ParquetReader.CreateAsync(_seekable, Options, leaveStreamOpen: true, cancellationToken);
        }
        catch (Exception e) when (e is not (OperationCanceledException or FormatException))
        {
            throw new InputFormatException($"not a readable Parquet file: {e.Message}", e);
        }

        _fields = schema.Select(c => FindField(_reader.Schema, c)).ToArray();
        return _reader;
    }

    private async Task LoadRowGroupAsync(ParquetReader reader, int index, CancellationToken cancellationToken)
    {
        _rowsBefore += _rowGroupRows;
        using var group = reader.OpenRowGroupReader(index);
        if (group.RowCount > int.MaxValue)
        {
            throw new InputFormatException($"Parquet row group {index} has {group.RowCount} rows, more than one read can hold");
        }

        var rows = (int)group.RowCount;
        var columns = new Array[schema.Count];
        try
        {
            for (var c = 0; c < schema.Count; c++)
            {
                columns[c] = await ReadColumnAsync(group, _fields[c], schema[c].Type, rows, cancellationToken);
                if (!schema[c].Nullable && IndexOfNull(columns[c]) is var row and >= 0)
                {
                    throw new InputFormatException($"row {_rowsBefore + row + 1}: column '{schema[c].Name}' is null but the schema says it is not nullable");
                }
            }
        }
        catch (Exception e) when (e is not (OperationCanceledException or FormatException))
        {
            throw new InputFormatException($"Parquet row group {index} cannot be decoded: {e.Message}", e);
        }

        _rowGroup = columns;
        _rowGroupIndex = index;
        _rowGroupRows = rows;
        _rowGroupPosition = 0;
    }

    private static async Task<Array> ReadColumnAsync(ParquetRowGroupReader group, DataField field, LogicalType type, int rows, CancellationToken cancellationToken)
    {
        switch (type.Kind)
        {
            case LogicalKind.String:
                var strings = new string?[rows];
                await group.ReadAsync(field, strings.AsMemory(), null, cancellationToken);
                return strings;
            case LogicalKind.Binary:
                var bytes = new byte[]?[rows];
                await group.ReadAsync(field, bytes.AsMemory(), null, cancellationToken);
                return bytes;
            case LogicalKind.Long:
                return await ReadValuesAsync<long>(group, field, rows, cancellationToken);
            case LogicalKind.Integer:
                return await ReadValuesAsync<int>(group, field, rows, cancellationToken);
            case LogicalKind.Short:
                return await ReadValuesAsync<short>(group, field, rows, cancellationToken);
            case LogicalKind.Byte:
                return await ReadValuesAsync<sbyte>(group, field, rows, cancellationToken);
            case LogicalKind.Double:
                return await ReadValuesAsync<double>(group, field, rows, cancellationToken);
            case LogicalKind.Float:
                return await ReadValuesAsync<float>(group, field, rows, cancellationToken);
            case LogicalKind.Boolean:
                return await ReadValuesAsync<bool>(group, field, rows, cancellationToken);
            case LogicalKind.Date:
                return await ReadValuesAsync<DateOnly>(group, field, rows, cancellationToken);
            case LogicalKind.Decimal:
                return await ReadValuesAsync<decimal>(group, field, rows, cancellationToken);
            case LogicalKind.Timestamp:
                var timestamps = await ReadValuesAsync<DateTime>(group, field, rows, cancellationToken);
                for (var i = 0; i < timestamps.Length; i++)
                {
                    if (timestamps[i] is { Kind: not DateTimeKind.Utc } value)
                    {
                        timestamps[i] = DateTime.SpecifyKind(value, DateTimeKind.Utc);
                    }
                }

                return timestamps;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type.Kind, "no Parquet reader for this kind");
        }
    }

    private static async Task<T?[]> ReadValuesAsync<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[rows];
        if (field.IsNullable)
        {
            await group.ReadAsync(field, values.AsMemory(), null, cancellationToken);
            return values;
        }

        // A REQUIRED column decodes into plain values; the nullable overload does not fill them.
        var required = new T[rows];
        await group.ReadAsync(field, required.AsMemory(), null, cancellationToken);
        for (var i = 0; i < rows; i++)
        {
            values[i] = required[i];
        }

        return values;
    }

    private void CopyColumn(int column, RowBatch batch, int count) =>
        Array.Copy(_rowGroup[column], _rowGroupPosition, batch.Column(column), batch.Count, count);

    private static int IndexOfNull(Array values) => values switch
    {
        object?[] references => Array.IndexOf(references, null),
        long?[] longs => IndexOfNull(longs),
        int?[] ints => IndexOfNull(ints),
        short?[] shorts => IndexOfNull(shorts),
        sbyte?[] bytes => IndexOfNull(bytes),
        double?[] doubles => IndexOfNull(doubles),
        float?[] floats => IndexOfNull(floats),
        bool?[] booleans => IndexOfNull(booleans),
        DateOnly?[] dates => IndexOfNull(dates),
        DateTime?[] timestamps => IndexOfNull(timestamps),
        decimal?[] decimals => IndexOfNull(decimals),
        _ => throw new ArgumentOutOfRangeException(nameof(values), values.GetType(), "not a batch column array"),
    };

    private static int IndexOfNull<T>(T?[] values)
        where T : struct
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!values[i].HasValue)
            {
                return i;
            }
        }

        return -1;
    }

    private static DataField FindField(ParquetSchema fileSchema, Column column)
    {
        var field = fileSchema.DataFields.FirstOrDefault(f => f.Name == column.Name)
            ?? throw new InputFormatException($"column '{column.Name}' is missing from the Parquet file (it has: {string.Join(", ", fileSchema.DataFields.Select(f => f.Name))})");
        var expected = ParquetTypeMapping.PhysicalClrType(column.Type);
        var compatible = column.Type.Kind switch
        {
            LogicalKind.String => field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>),
            LogicalKind.Binary => field.ClrType == typeof(byte[]) || field.ClrType == typeof(ReadOnlyMemory<byte>),
            LogicalKind.Decimal => field is DecimalDataField d && d.Scale == column.Type.Scale && d.Precision <= column.Type.Precision,
            LogicalKind.Timestamp => field.ClrType == typeof(DateTime) && field is not DateTimeDataField { DateTimeFormat: DateTimeFormat.Date },
            _ => field.ClrType == expected,
        };
        return compatible
            ? field
            : throw new InputFormatException($"column '{column.Name}' is {Describe(field)} in the Parquet file, which does not read as {column.Type}");
    }

    private static string Describe(DataField field) => field switch
    {
        DecimalDataField d => $"decimal({d.Precision},{d.Scale})",
        DateTimeDataField t => $"a {t.DateTimeFormat} DateTime",
        _ when field.ClrType == typeof(ReadOnlyMemory<char>) => "a string",
        _ when field.ClrType == typeof(ReadOnlyMemory<byte>) => "binary",
        _ => field.ClrType.Name,
    };

    private static async Task<Stream> CopyToTemporaryFileAsync(Stream source, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"handoff-{Guid.NewGuid():N}.parquet");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await source.CopyToAsync(file, cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
