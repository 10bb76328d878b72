using Handoff.Shared.Manifest;

namespace Handoff.Shared.Exports.FromFiles;

/// <summary>How far the reading of files for their manifest has come.</summary>
public sealed record FilesProgress(int FilesDone, int Files, long BytesDone, long Bytes);
