namespace Handoff.Exporter.Export;

/// <summary>
/// The export id already has a manifest: a committed export is never overwritten. The command
/// line says which option picks another id.
/// </summary>
public sealed class ExportAlreadyCommittedException(string manifestLocation, string note = "")
    : Exception(Say(manifestLocation, note, "choose another export id"))
{
    public string ManifestLocation { get; } = manifestLocation;

    /// <summary>What happened besides, from "; " on (a missing success marker written now), or empty.</summary>
    public string Note { get; } = note;

    /// <summary>The sentence, with <paramref name="anotherId"/> saying how to choose another export id.</summary>
    public string Say(string anotherId) => Say(ManifestLocation, Note, anotherId);

    private static string Say(string manifestLocation, string note, string anotherId) =>
        $"export already committed: {manifestLocation} exists{note}; {anotherId} (a committed export is never overwritten)";
}
