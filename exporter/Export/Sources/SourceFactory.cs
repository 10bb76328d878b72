using Handoff.Exporter.Sources.DuckDb;
using Handoff.Exporter.Sources.Postgres;

namespace Handoff.Exporter.Sources;

/// <summary>Opens the database a <see cref="SourceSpec"/> names.</summary>
public static class SourceFactory
{
    /// <exception cref="SourceException">the database cannot be opened or reached.</exception>
    public static async Task<IQuerySource> OpenAsync(SourceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Kind switch
        {
            SourceSpec.DuckDbKind => await DuckDbSource.OpenAsync(spec.Target, cancellationToken),
            SourceSpec.PostgresKind => await PostgresSource.OpenAsync(spec.Target, cancellationToken),
            _ => throw new UnsupportedSourceException($"unsupported source type '{spec.Kind}'"),
        };
    }
}
