using System.CommandLine;
using Handoff.Shared.Cli;
using Handoff.SparkJob.Delta.Vacuum;

namespace Handoff.SparkJob.Cli;

/// <summary>The options of <c>vacuum</c>: --retain-hours, --dry-run, --force.</summary>
internal sealed class VacuumArguments
{
    public Option<int?> RetainHours { get; } = new("--retain-hours") { Description = "The retention window in hours (default: the table's delta.deletedFileRetentionDuration, or 168). Files removed longer ago than this, and uncommitted files older than it, are deleted.", HelpName = "N" };

    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "List what would be deleted, with counts and bytes; delete nothing." };

    public Option<bool> Force { get; } = new("--force") { Description = "Allow a window shorter than the table's delta.deletedFileRetentionDuration. Only when nothing else reads or writes the table: a shorter window can delete files that readers of older versions and running writers still need." };

    public IEnumerable<Option> All => [RetainHours, DryRun, Force];

    public VacuumOptions Build(ParseResult parse) => new()
    {
        RetainHours = parse.GetValue(RetainHours) is { } hours and < 0 ? throw new UsageException($"--retain-hours must be 0 or more, not {hours}") : parse.GetValue(RetainHours),
        DryRun = parse.GetValue(DryRun),
        Force = parse.GetValue(Force),
    };

    /// <summary>The library's refusal of a short window, with the option that overrides it, as this command has always said it.</summary>
    public UsageException Refusal(VacuumWindowTooShortException error) =>
        new($"{error.Reason} If nothing else reads or writes the table now, add {Force.Name}");
}
