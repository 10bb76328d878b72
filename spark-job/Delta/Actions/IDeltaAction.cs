namespace Handoff.SparkJob.Delta.Actions;

/// <summary>One action of the Delta log (a line of a commit, a row of a checkpoint).</summary>
public interface IDeltaAction;
