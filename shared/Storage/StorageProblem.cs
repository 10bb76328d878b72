namespace Handoff.Shared.Storage;

/// <summary>
/// The facts of a storage failure, typed, so that the program whose options gave the credentials
/// can say what to do in its own words (this library has no options and names none).
/// </summary>
public abstract record StorageProblem;

/// <summary>A Blob location served over http (an emulator) with no credential that can be sent there; <paramref name="Location"/> is redacted.</summary>
public sealed record NoCredentialOverHttp(string Location) : StorageProblem;
