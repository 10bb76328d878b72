using Handoff.SparkJob.Delta.Transactions;

namespace Handoff.SparkJob.Engines.Embedded;

/// <summary>A manifest file (<paramref name="SourcePath"/>) now stored as a Parquet data file inside the table folder, ready to commit.</summary>
public sealed record ImportedFile(string SourcePath, DataFile DataFile, bool Copied, FileChecksum Checksum);
