using DuckDB.NET.Native;

namespace Handoff.Exporter.Sources.DuckDb.Vectors;

/// <summary>
/// The data chunk being read: its row count and, per column, the vector's data and validity
/// pointers, looked up once per chunk. Owns the chunk; the pointers die with it.
/// </summary>
internal sealed unsafe class DataChunkView(int columns) : IDisposable
{
    private readonly nint[] _data = new nint[columns];
    private readonly nint[] _validity = new nint[columns];
    private DuckDBDataChunk? _chunk;

    /// <summary>Rows in the chunk; 0 when none is loaded.</summary>
    public int Size { get; private set; }

    /// <summary>Takes ownership of <paramref name="chunk"/>, releasing the previous one.</summary>
    public void Load(DuckDBDataChunk chunk)
    {
        Release();
        _chunk = chunk;
        var columnCount = NativeMethods.DataChunks.DuckDBDataChunkGetColumnCount(chunk);
        if (columnCount != _data.Length)
        {
            throw new InvalidOperationException($"DuckDB returned a chunk of {columnCount} columns for a result of {_data.Length}");
        }

        for (var column = 0; column < _data.Length; column++)
        {
            var vector = NativeMethods.DataChunks.DuckDBDataChunkGetVector(chunk, column);
            _data[column] = (nint)NativeMethods.Vectors.DuckDBVectorGetData(vector);
            _validity[column] = (nint)NativeMethods.Vectors.DuckDBVectorGetValidity(vector);
        }

        Size = checked((int)NativeMethods.DataChunks.DuckDBDataChunkGetSize(chunk));
    }

    /// <summary>The column's values, one fixed-size element per row (flat vector).</summary>
    public void* Data(int column) => (void*)_data[column];

    /// <summary>The column's validity bitmask (bit set = not NULL), or null when every row is valid.</summary>
    public ulong* Validity(int column) => (ulong*)_validity[column];

    public void Release()
    {
        _chunk?.Dispose();
        _chunk = null;
        Size = 0;
        Array.Clear(_data);
        Array.Clear(_validity);
    }

    public void Dispose() => Release();
}
