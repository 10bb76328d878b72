using Handoff.Shared.Input;

namespace Handoff.Shared.Exports.FromFiles;

/// <summary>
/// Why files sent without a manifest were refused, with the facts a program needs to say it in
/// terms of its own options (the exception's message names none).
/// </summary>
public abstract record FilesProblem : InputProblem;

/// <summary>A wildcard outside the last part of a selection (<see cref="FileSelection.Parse"/>); <paramref name="Selection"/> is redacted.</summary>
public sealed record WildcardBeforeLastPart(string Selection) : FilesProblem;

/// <summary>The folder has no .DONE file, and one was required.</summary>
public sealed record NoDoneFile(string Folder) : FilesProblem;

/// <summary>No data file in <paramref name="Folder"/> matches <paramref name="Pattern"/>.</summary>
public sealed record NoFileMatches(string Folder, string Pattern) : FilesProblem;

/// <summary>An Avro file, read without a given schema, whose header does not read.</summary>
public sealed record NotAnAvroContainer(string File, string Reason) : FilesProblem;

/// <summary>A file whose size changed between the listing and the end of its read.</summary>
public sealed record ChangedWhileRead(string File, long ListedBytes, long ReadBytes) : FilesProblem;

/// <summary>A file whose declared schema is not the schema given for all of them.</summary>
public sealed record SchemaDiffersFromGiven(string File, string Difference) : FilesProblem;
