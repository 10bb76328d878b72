using System.Text.Json;
using System.Text.Json.Serialization;

namespace Handoff.Shared.Databricks.Sql;

/// <summary>
/// What the statements API answers, named as databricks-sdk-go v0.175.0 service/sql/model.go
/// (<c>StatementResponse</c>, <c>StatementStatus</c>, <c>ServiceError</c>, <c>ResultManifest</c>,
/// <c>ResultSchema</c>, <c>ColumnInfo</c>, <c>ResultData</c>). States and error codes stay
/// strings: a value Databricks adds later is shown as it is, never a parse error.
/// </summary>
public sealed record StatementResponse
{
    public string? StatementId { get; init; }

    public StatementStatus? Status { get; init; }

    public ResultManifest? Manifest { get; init; }

    public ResultData? Result { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>
    /// The rows of an inline JSON_ARRAY result by column name (values are strings or null, as
    /// the API sends them). Only the first chunk is read: a result in several chunks is refused.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string?>> Rows()
    {
        if (Manifest?.TotalChunkCount > 1)
        {
            throw new InvalidDataException($"statement {StatementId} returned {Manifest.TotalChunkCount} result chunks; only a one-chunk result is read");
        }

        var columns = Manifest?.Schema?.Columns ?? [];
        return (Result?.DataArray ?? [])
            .Select(row => (IReadOnlyDictionary<string, string?>)columns
                .Select((column, i) => (column.Name ?? $"_{i}", Value: i < row.Count ? row[i] : null))
                .ToDictionary(c => c.Item1, c => c.Value, StringComparer.OrdinalIgnoreCase))
            .ToList();
    }
}

/// <summary>The statement's state (<see cref="StatementStates"/>), and when it FAILED, why.</summary>
public sealed record StatementStatus
{
    public string? State { get; init; }

    public ServiceError? Error { get; init; }

    /// <summary>The SQLSTATE of a FAILED statement (for example 42P01: no such table).</summary>
    public string? SqlState { get; init; }
}

public sealed record ServiceError
{
    /// <summary>ABORTED, ALREADY_EXISTS, BAD_REQUEST, CANCELLED, DEADLINE_EXCEEDED, INTERNAL_ERROR, IO_ERROR, NOT_FOUND, RESOURCE_EXHAUSTED, SERVICE_UNDER_MAINTENANCE, TEMPORARILY_UNAVAILABLE, UNAUTHENTICATED, UNKNOWN, WORKSPACE_TEMPORARILY_UNAVAILABLE.</summary>
    public string? ErrorCode { get; init; }

    public string? Message { get; init; }
}

public sealed record ResultManifest
{
    public ResultSchema? Schema { get; init; }

    public int? TotalChunkCount { get; init; }

    public long? TotalRowCount { get; init; }

    public bool? Truncated { get; init; }
}

public sealed record ResultSchema
{
    public int? ColumnCount { get; init; }

    public IReadOnlyList<ColumnInfo>? Columns { get; init; }
}

public sealed record ColumnInfo
{
    public string? Name { get; init; }

    public int? Position { get; init; }

    public string? TypeName { get; init; }

    public string? TypeText { get; init; }
}

public sealed record ResultData
{
    public IReadOnlyList<IReadOnlyList<string?>>? DataArray { get; init; }

    public long? RowCount { get; init; }

    public int? ChunkIndex { get; init; }

    public int? NextChunkIndex { get; init; }
}
