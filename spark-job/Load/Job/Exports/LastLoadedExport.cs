using Handoff.Shared.Input;
using Handoff.SparkJob.Engines;

namespace Handoff.SparkJob.Job.Exports;

/// <summary><c>validate --exports</c>: the export under the prefix that the stream last loaded into the table.</summary>
public static class LastLoadedExport
{
    public static async Task<ExportReference> FindAsync(ExportsPrefix prefix, ITableEngine engine, string? stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(engine);
        var name = stream ?? engine.Table;
        var loaded = await engine.ReadStreamAsync(name, cancellationToken);
        if (!loaded.LoadedAnything)
        {
            throw new InputDataException(
                $"stream '{name}' has loaded no export into {engine.Table} yet, so there is nothing to validate against; load one from {prefix.Location} first",
                new StreamLoadedNothing(name, engine.Table, prefix.Location.ToString()));
        }

        if (loaded.LastLoadedId is not { } exportId)
        {
            var described = ExportsSelection.Describe(null, loaded.LastLoadedCreatedAt);
            throw new InputDataException(
                $"stream '{name}' last loaded {described} into {engine.Table}, but the commit that names it has left the table's log; validate against its manifest",
                new LastLoadLeftTheLog(name, described, engine.Table));
        }

        var export = await prefix.FindAsync(exportId, cancellationToken)
            ?? throw new InputDataException(
                $"stream '{name}' last loaded export {exportId} into {engine.Table}, and no committed export under {prefix.Location} has that id; validate against its manifest",
                new LastLoadNotUnderPrefix(name, exportId, engine.Table, prefix.Location.ToString()));
        return prefix.Reference(export);
    }
}
