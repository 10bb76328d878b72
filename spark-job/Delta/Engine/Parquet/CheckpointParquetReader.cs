using System.Runtime.CompilerServices;
using Handoff.Shared.Input;
using Handoff.SparkJob.Delta.Actions;
using Parquet;

namespace Handoff.SparkJob.Delta.Engine.Parquet;

/// <summary>
/// Reads the actions of a Parquet checkpoint (classic, multi-part, v2 or sidecar): each row holds
/// exactly one non-null action struct. Only the leaf columns this code uses are read, one row
/// group at a time; stats_parsed and partitionValues_parsed are skipped.
/// </summary>
internal static class CheckpointParquetReader
{
    public static async IAsyncEnumerable<IDeltaAction> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true, cancellationToken);
        for (var index = 0; index < reader.RowGroupCount; index++)
        {
            var columns = new LeafColumnReader(reader.Schema, reader.OpenRowGroupReader(index));
            var actions = new IDeltaAction?[columns.RowCount];
            await ReadAddsAsync(columns, actions, cancellationToken);
            await ReadRemovesAsync(columns, actions, cancellationToken);
            await ReadMetadataAsync(columns, actions, cancellationToken);
            await ReadProtocolAsync(columns, actions, cancellationToken);
            await ReadTxnsAsync(columns, actions, cancellationToken);
            await ReadSidecarsAsync(columns, actions, cancellationToken);
            await ReadCheckpointMetadataAsync(columns, actions, cancellationToken);
            foreach (var action in actions)
            {
                if (action is not null)
                {
                    yield return action;
                }
            }
        }
    }

    private static async Task ReadAddsAsync(LeafColumnReader c, IDeltaAction?[] actions, CancellationToken ct)
    {
        var present = await c.ReadStructPresenceAsync("add", ct);
        if (!present.Any(p => p))
        {
            return;
        }

        var path = await c.ReadScalarAsync("add/path", ct);
        var partitionValues = await c.ReadStringMapAsync("add/partitionValues", ct);
        var size = await c.ReadScalarAsync("add/size", ct);
        var modificationTime = await c.ReadScalarAsync("add/modificationTime", ct);
        var dataChange = await c.ReadScalarAsync("add/dataChange", ct);
        var stats = await c.ReadScalarAsync("add/stats", ct);
        var tags = await c.ReadStringMapAsync("add/tags", ct);
        var dv = await ReadDeletionVectorsAsync(c, "add", ct);
        var baseRowId = await c.ReadScalarAsync("add/baseRowId", ct);
        var defaultRowCommitVersion = await c.ReadScalarAsync("add/defaultRowCommitVersion", ct);
        var clusteringProvider = await c.ReadScalarAsync("add/clusteringProvider", ct);
        for (var row = 0; row < actions.Length; row++)
        {
            if (!present[row])
            {
                continue;
            }

            actions[row] = new AddFile(
                path[row] as string ?? throw new InputFormatException($"checkpoint row {row}: add.path is null"),
                partitionValues[row] ?? new Dictionary<string, string?>(),
                AsLong(size[row]) ?? 0,
                AsLong(modificationTime[row]) ?? 0,
                dataChange[row] as bool? ?? false,
                stats[row] as string,
                tags[row],
                dv[row],
                AsLong(baseRowId[row]),
                AsLong(defaultRowCommitVersion[row]),
                clusteringProvider[row] as string);
        }
    }

    private static async Task ReadRemovesAsync(LeafColumnReader c, IDeltaAction?[] actions, CancellationToken ct)
    {
        var present = await c.ReadStructPresenceAsync("remove", ct);
        if (!present.Any(p => p))
        {
            return;
        }

        var path = await c.ReadScalarAsync("remove/path", ct);
        var deletionTimestamp = await c.ReadScalarAsync("remove/deletionTimestamp", ct);
        var dataChange = await c.ReadScalarAsync("remove/dataChange", ct);
        var extended = await c.ReadScalarAsync("remove/extendedFileMetadata", ct);
        var partitionValues = await c.ReadStringMapAsync("remove/partitionValues", ct);
        var size = await c.ReadScalarAsync("remove/size", ct);
        var dv = await ReadDeletionVectorsAsync(c, "remove", ct);
        for (var row = 0; row < actions.Length; row++)
        {
            if (!present[row])
            {
                continue;
            }

            actions[row] = new RemoveFile(
                path[row] as string ?? throw new InputFormatException($"checkpoint row {row}: remove.path is null"),
                AsLong(deletionTimestamp[row]),
                dataChange[row] as bool? ?? false,
                extended[row] as bool?,
                partitionValues[row],
                AsLong(size[row]),
                dv[row]);
        }
    }

    private static async Task<DeletionVectorDescriptor?[]> ReadDeletionVectorsAsync(LeafColumnReader c, string parent, CancellationToken ct)
    {
        var storageType = await c.ReadScalarAsync($"{parent}/deletionVector/storageType", ct);
        var result = new DeletionVectorDescriptor?[c.RowCount];
        if (storageType.All(v => v is null))
        {
            return result;
        }

        var pathOrInline = await c.ReadScalarAsync($"{parent}/deletionVector/pathOrInlineDv", ct);
        var offset = await c.ReadScalarAsync($"{parent}/deletionVector/offset", ct);
        var sizeInBytes = await c.ReadScalarAsync($"{parent}/deletionVector/sizeInBytes", ct);
        var cardinality = await c.ReadScalarAsync($"{parent}/deletionVector/cardinality", ct);
        var maxRowIndex = await c.ReadScalarAsync($"{parent}/deletionVector/maxRowIndex", ct);
        for (var row = 0; row < result.Length; row++)
        {
            if (storageType[row] is string type)
            {
                result[row] = new DeletionVectorDescriptor(
                    type,
                    pathOrInline[row] as string ?? string.Empty,
                    (int?)AsLong(offset[row]),
                    (int)(AsLong(sizeInBytes[row]) ?? 0),
                    AsLong(cardinality[row]) ?? throw new InputFormatException($"checkpoint row {row}: {parent}.deletionVector.cardinality is null"),
                    AsLong(maxRowIndex[row]));
            }
        }

        return result;
    }

    private static async Task ReadMetadataAsync(LeafColumnReader c, IDeltaAction?[] actions, CancellationToken ct)
    {
        var present = await c.ReadStructPresenceAsync("metaData", ct);
        if (!present.Any(p => p))
        {
            return;
        }

        var id = await c.ReadScalarAsync("metaData/id", ct);
        var name = await c.ReadScalarAsync("metaData/name", ct);
        var description = await c.ReadScalarAsync("metaData/description", ct);
        var provider = await c.ReadScalarAsync("metaData/format/provider", ct);
        var options = await c.ReadStringMapAsync("metaData/format/options", ct);
        var schemaString = await c.ReadScalarAsync("metaData/schemaString", ct);
        var partitionColumns = await c.ReadStringListAsync("metaData/partitionColumns", ct);
        var configuration = await c.ReadStringMapAsync("metaData/configuration", ct);
        var createdTime = await c.ReadScalarAsync("metaData/createdTime", ct);
        for (var row = 0; row < actions.Length; row++)
        {
            if (present[row])
            {
                actions[row] = new MetadataAction(
                    id[row] as string ?? string.Empty,
                    name[row] as string,
                    description[row] as string,
                    provider[row] as string ?? "parquet",
                    options[row] ?? new Dictionary<string, string?>(),
                    schemaString[row] as string,
                    partitionColumns[row]?.Where(p => p is not null).Select(p => p!).ToList() ?? [],
                    configuration[row] ?? new Dictionary<string, string?>(),
                    AsLong(createdTime[row]));
            }
        }
    }

    private static async Task ReadProtocolAsync(LeafColumnReader c, IDeltaAction?[] actions, CancellationToken ct)
    {
        var present = await c.ReadStructPresenceAsync("protocol", ct);
        if (!present.Any(p => p))
        {
            return;
        }

        var reader = await c.ReadScalarAsync("protocol/minReaderVersion", ct);
        var writer = await c.ReadScalarAsync("protocol/minWriterVersion", ct);
        var readerFeatures = await c.ReadStringListAsync("protocol/readerFeatures", ct);
        var writerFeatures = await c.ReadStringListAsync("protocol/writerFeatures", ct);
        for (var row = 0; row < actions.Length; row++)
        {
            if (present[row])
            {
                actions[row] = new ProtocolAction(
                    (int)(AsLong(reader[row]) ?? throw new InputFormatException($"checkpoint row {row}: protocol.minReaderVersion is null")),
                    (int)(AsLong(writer[row]) ?? throw new InputFormatException($"checkpoint row {row}: protocol.minWriterVersion is null")),
                    readerFeatures[row]?.Where(f => f is not null).Select(f => f!).ToList(),
                    writerFeatures[row]?.Where(f => f is not null).Select(f => f!).ToList());
            }
        }
    }

    private static async Task ReadTxnsAsync(LeafColumnReader c, IDeltaAction?[] actions, CancellationToken ct)
    {
        var present = await c.ReadStructPresenceAsync("txn", ct);
        if (!present.Any(p => p))
        {
            return;
        }

        var appId = await c.ReadScalarAsync("txn/appId", ct);
        var version = await c.ReadScalarAsync("txn/version", ct);
        var lastUpdated = await c.ReadScalarAsync("txn/lastUpdated", ct);
        for (var row = 0; row < actions.Length; row++)
        {
            if (present[row] && appId[row] is string app && AsLong(version[row]) is { } v)
            {
                actions[row] = new TxnAction(app, v, AsLong(lastUpdated[row]));
            }
        }
    }

    private static async Task ReadSidecarsAsync(LeafColumnReader c, IDeltaAction?[] actions, CancellationToken ct)
    {
        var present = await c.ReadStructPresenceAsync("sidecar", ct);
        if (!present.Any(p => p))
        {
            return;
        }

        var path = await c.ReadScalarAsync("sidecar/path", ct);
        var size = await c.ReadScalarAsync("sidecar/sizeInBytes", ct);
        var modificationTime = await c.ReadScalarAsync("sidecar/modificationTime", ct);
        for (var row = 0; row < actions.Length; row++)
        {
            if (present[row] && path[row] is string p)
            {
                actions[row] = new SidecarFile(p, AsLong(size[row]) ?? 0, AsLong(modificationTime[row]) ?? 0);
            }
        }
    }

    private static async Task ReadCheckpointMetadataAsync(LeafColumnReader c, IDeltaAction?[] actions, CancellationToken ct)
    {
        var present = await c.ReadStructPresenceAsync("checkpointMetadata", ct);
        if (!present.Any(p => p))
        {
            return;
        }

        var version = await c.ReadScalarAsync("checkpointMetadata/version", ct);
        for (var row = 0; row < actions.Length; row++)
        {
            if (present[row] && AsLong(version[row]) is { } v)
            {
                actions[row] = new CheckpointMetadata(v);
            }
        }
    }

    private static long? AsLong(object? value) => value switch
    {
        long l => l,
        int i => i,
        _ => null,
    };
}
