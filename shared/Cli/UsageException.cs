namespace Handoff.Shared.Cli;

/// <summary>Arguments that parse but do not make sense together (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);
