using System.Text;
using System.Text.Json;

namespace Handoff.SparkJob.Delta.Actions;

/// <summary>Writes actions as the single-line JSON objects of a commit file, with the field names Spark uses.</summary>
public static class ActionJsonWriter
{
    // Relaxed escaping writes '"' as \" and keeps non-ASCII text readable, as Spark's log lines do.
    private static readonly JsonWriterOptions Options = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The commit file content: one action per line, each line ending with '\n'.</summary>
    public static byte[] ToCommitBytes(IEnumerable<IDeltaAction> actions)
    {
        var text = new StringBuilder();
        foreach (var action in actions)
        {
            text.Append(ToJson(action)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static string ToJson(IDeltaAction action)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            switch (action)
            {
                case CommitInfo c: WriteCommitInfo(w, c); break;
                case ProtocolAction p: WriteProtocol(w, p); break;
                case MetadataAction m: WriteMetadata(w, m); break;
                case TxnAction t: WriteTxn(w, t); break;
                case AddFile a: WriteAdd(w, a); break;
                case RemoveFile r: WriteRemove(w, r); break;
                case SidecarFile s: WriteSidecar(w, s); break;
                case CheckpointMetadata cm:
                    w.WriteStartObject("checkpointMetadata");
                    w.WriteNumber("version", cm.Version);
                    w.WriteEndObject();
                    break;
                default: throw new ArgumentException($"cannot write action {action.GetType().Name}", nameof(action));
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteCommitInfo(Utf8JsonWriter w, CommitInfo c)
    {
        w.WriteStartObject("commitInfo");
        if (c.Timestamp is { } ts)
        {
            w.WriteNumber("timestamp", ts);
        }

        WriteOptionalString(w, "operation", c.Operation);
        WriteMap(w, "operationParameters", c.OperationParameters);
        if (c.ReadVersion is { } rv)
        {
            w.WriteNumber("readVersion", rv);
        }

        WriteOptionalString(w, "isolationLevel", c.IsolationLevel);
        if (c.IsBlindAppend is { } blind)
        {
            w.WriteBoolean("isBlindAppend", blind);
        }

        if (c.OperationMetrics is not null)
        {
            WriteMap(w, "operationMetrics", c.OperationMetrics);
        }

        WriteOptionalString(w, "engineInfo", c.EngineInfo);
        WriteOptionalString(w, "userMetadata", c.UserMetadata);
        WriteOptionalString(w, "txnId", c.TxnId);
        w.WriteEndObject();
    }

    private static void WriteProtocol(Utf8JsonWriter w, ProtocolAction p)
    {
        w.WriteStartObject("protocol");
        w.WriteNumber("minReaderVersion", p.MinReaderVersion);
        w.WriteNumber("minWriterVersion", p.MinWriterVersion);
        WriteOptionalList(w, "readerFeatures", p.ReaderFeatures);
        WriteOptionalList(w, "writerFeatures", p.WriterFeatures);
        w.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter w, MetadataAction m)
    {
        w.WriteStartObject("metaData");
        w.WriteString("id", m.Id);
        WriteOptionalString(w, "name", m.Name);
        WriteOptionalString(w, "description", m.Description);
        w.WriteStartObject("format");
        w.WriteString("provider", m.FormatProvider);
        WriteMap(w, "options", m.FormatOptions);
        w.WriteEndObject();
        WriteOptionalString(w, "schemaString", m.SchemaString);
        WriteOptionalList(w, "partitionColumns", m.PartitionColumns);
        WriteMap(w, "configuration", m.Configuration);
        if (m.CreatedTime is { } created)
        {
            w.WriteNumber("createdTime", created);
        }

        w.WriteEndObject();
    }

    private static void WriteTxn(Utf8JsonWriter w, TxnAction t)
    {
        w.WriteStartObject("txn");
        w.WriteString("appId", t.AppId);
        w.WriteNumber("version", t.Version);
        if (t.LastUpdated is { } updated)
        {
            w.WriteNumber("lastUpdated", updated);
        }

        w.WriteEndObject();
    }

    private static void WriteAdd(Utf8JsonWriter w, AddFile a)
    {
        w.WriteStartObject("add");
        w.WriteString("path", a.Path);
        WriteMap(w, "partitionValues", a.PartitionValues);
        w.WriteNumber("size", a.Size);
        w.WriteNumber("modificationTime", a.ModificationTime);
        w.WriteBoolean("dataChange", a.DataChange);
        WriteOptionalString(w, "stats", a.Stats);
        if (a.Tags is not null)
        {
            WriteMap(w, "tags", a.Tags);
        }

        WriteDeletionVector(w, a.DeletionVector);
        WriteOptionalLong(w, "baseRowId", a.BaseRowId);
        WriteOptionalLong(w, "defaultRowCommitVersion", a.DefaultRowCommitVersion);
        WriteOptionalString(w, "clusteringProvider", a.ClusteringProvider);
        w.WriteEndObject();
    }

    private static void WriteRemove(Utf8JsonWriter w, RemoveFile r)
    {
        w.WriteStartObject("remove");
        w.WriteString("path", r.Path);
        WriteOptionalLong(w, "deletionTimestamp", r.DeletionTimestamp);
        w.WriteBoolean("dataChange", r.DataChange);
        if (r.ExtendedFileMetadata is { } extended)
        {
            w.WriteBoolean("extendedFileMetadata", extended);
        }

        if (r.PartitionValues is not null)
        {
            WriteMap(w, "partitionValues", r.PartitionValues);
        }

        WriteOptionalLong(w, "size", r.Size);
        WriteDeletionVector(w, r.DeletionVector);
        WriteOptionalLong(w, "baseRowId", r.BaseRowId);
        WriteOptionalLong(w, "defaultRowCommitVersion", r.DefaultRowCommitVersion);
        w.WriteEndObject();
    }

    private static void WriteSidecar(Utf8JsonWriter w, SidecarFile s)
    {
        w.WriteStartObject("sidecar");
        w.WriteString("path", s.Path);
        w.WriteNumber("sizeInBytes", s.SizeInBytes);
        w.WriteNumber("modificationTime", s.ModificationTime);
        w.WriteEndObject();
    }

    private static void WriteDeletionVector(Utf8JsonWriter w, DeletionVectorDescriptor? dv)
    {
        if (dv is null)
        {
            return;
        }

        w.WriteStartObject("deletionVector");
        w.WriteString("storageType", dv.StorageType);
        w.WriteString("pathOrInlineDv", dv.PathOrInlineDv);
        if (dv.Offset is { } offset)
        {
            w.WriteNumber("offset", offset);
        }

        w.WriteNumber("sizeInBytes", dv.SizeInBytes);
        w.WriteNumber("cardinality", dv.Cardinality);
        WriteOptionalLong(w, "maxRowIndex", dv.MaxRowIndex);
        w.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string?> map)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            if (value is null)
            {
                w.WriteNull(key);
            }
            else
            {
                w.WriteString(key, value);
            }
        }

        w.WriteEndObject();
    }

    private static void WriteOptionalList(Utf8JsonWriter w, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void WriteOptionalString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteOptionalLong(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }
}
