using Handoff.Shared.Input;
using Handoff.Shared.Manifest;

namespace Handoff.SparkJob.Job.Exports;

/// <summary>
/// Why an exports prefix gave nothing to load or validate against, with the facts a program needs
/// to say it with its own options (the exception's message names none).
/// </summary>
public abstract record ExportsProblem : InputProblem;

/// <summary>The prefix given is a manifest file, not the folder above the exports.</summary>
public sealed record PrefixIsAManifest(string Location) : ExportsProblem;

/// <summary>
/// No folder under the prefix holds a manifest: <paramref name="Found"/> says what the prefix
/// holds instead; <paramref name="IsItselfAnExport"/> when the prefix holds a manifest itself.
/// </summary>
public sealed record NothingCommitted(string Location, string Found, bool IsItselfAnExport) : ExportsProblem
{
    /// <summary>The sentence, with <paramref name="loadOneExport"/> saying how to load the prefix as one export.</summary>
    public string Say(string loadOneExport) =>
        Found + (IsItselfAnExport ? $"; {Location} holds a {ManifestJson.FileName} itself, so it is one export: {loadOneExport}" : string.Empty) + "; nothing was loaded";
}

/// <summary>The stream has loaded nothing into the table, so there is no export to validate against.</summary>
public sealed record StreamLoadedNothing(string Stream, string Table, string Prefix) : ExportsProblem;

/// <summary>The stream's last load is known only by <paramref name="Described"/>: the commit naming its export has left the log.</summary>
public sealed record LastLoadLeftTheLog(string Stream, string Described, string Table) : ExportsProblem;

/// <summary>The stream last loaded <paramref name="ExportId"/>, which no committed export under the prefix carries.</summary>
public sealed record LastLoadNotUnderPrefix(string Stream, string ExportId, string Table, string Prefix) : ExportsProblem;
