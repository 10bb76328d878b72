namespace Handoff.SparkJob.Delta.Log;

public enum LogFileKind
{
    /// <summary><c>n.json</c>: the commit of version n.</summary>
    Commit,

    /// <summary><c>n.checkpoint.parquet</c>.</summary>
    ClassicCheckpoint,

    /// <summary><c>n.checkpoint.o.p.parquet</c>: part o of p.</summary>
    MultiPartCheckpoint,

    /// <summary><c>n.checkpoint.&lt;uuid&gt;.json|parquet</c>: a v2 checkpoint, possibly with sidecars.</summary>
    UuidCheckpoint,
}
