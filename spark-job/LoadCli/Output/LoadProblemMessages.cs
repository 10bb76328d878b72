using Handoff.Shared.Input;
using Handoff.SparkJob.Catalog;
using Handoff.SparkJob.Engines.Spark;
using Handoff.SparkJob.Job.Exports;

namespace Handoff.SparkJob.Output;

/// <summary>
/// The load library's typed problems said with the flags of the programs that load (spark-job's
/// load, validate and register, exporter run), as users have always seen them; the library's
/// own messages name no flag.
/// </summary>
public static class LoadProblemMessages
{
    /// <summary>The message for <paramref name="problem"/>, or null when it is not one of the load's.</summary>
    public static string? Describe(InputProblem? problem) => problem switch
    {
        PrefixIsAManifest p => $"--exports names a manifest ({p.Location}); give the prefix whose folders are the exports (as given to 'exporter export --to'), or load this one export with --manifest",
        NothingCommitted p => p.Say("load it with --manifest"),
        StreamLoadedNothing p => $"stream '{p.Stream}' has loaded no export into {p.Table} yet, so there is nothing to validate against; load one first (spark-job load --exports {p.Prefix} --table {p.Table})",
        LastLoadLeftTheLog p => $"stream '{p.Stream}' last loaded {p.Described} into {p.Table}, but the commit that names it has left the table's log; validate against its manifest with --manifest",
        LastLoadNotUnderPrefix p => $"stream '{p.Stream}' last loaded export {p.ExportId} into {p.Table}, and no committed export under {p.Prefix} has that id; validate against its manifest with --manifest",
        BinaryColumnsInSparkCsv p => $"column {string.Join(", ", p.Columns)} is binary, which Spark's CSV reader cannot express (it has no binary type); nothing was loaded: export this query as Parquet, Avro or JSON, or load it with --engine embedded",
        TableAtAnotherLocation p => p.Say("choose another --name"),
        _ => null,
    };
}
