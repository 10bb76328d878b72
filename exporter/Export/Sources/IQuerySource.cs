namespace Handoff.Exporter.Sources;

/// <summary>A database the exporter can run a query against. Implementations throw <see cref="SourceException"/>.</summary>
public interface IQuerySource : IAsyncDisposable
{
    /// <summary>"duckdb", "postgres", ... as recorded in the manifest's source.kind.</summary>
    string Kind { get; }

    /// <summary>Runs the query and returns its result as a stream of row batches.</summary>
    Task<IQueryResult> ExecuteAsync(string sql, CancellationToken cancellationToken);
}
