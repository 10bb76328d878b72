namespace Handoff.Exporter.Sources.DuckDb.Vectors;

/// <summary>Rows [<see cref="Start"/>, Start + <see cref="Count"/>) of the loaded chunk, to be copied into a batch.</summary>
internal readonly record struct ChunkWindow(DataChunkView Chunk, int Start, int Count);
