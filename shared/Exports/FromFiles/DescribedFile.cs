using Handoff.Shared.Manifest;
using Handoff.Shared.Schema;
using Handoff.Shared.Storage;

namespace Handoff.Shared.Exports.FromFiles;

/// <summary>
/// One data file as read for its manifest entry: what storage says of it, its rows and MD5 as
/// computed from its bytes, and, for Parquet, the schema and codec its footer declares.
/// </summary>
internal sealed record DescribedFile(StoredObject Stored, long Rows, string Checksum, TableSchema? Schema, string? Compression);
