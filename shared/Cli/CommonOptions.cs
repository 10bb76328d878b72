using System.CommandLine;

namespace Handoff.Shared.Cli;

/// <summary>
/// Options every command of both programs takes: <c>--verbose</c> (timings per step, every check
/// of a report, requests at debug level with secrets redacted). <c>--debug</c>, the Databricks
/// commands' older spelling, is a hidden alias.
/// </summary>
public static class CommonOptions
{
    public const string VerboseName = "--verbose";
    private const string DebugName = "--debug";

    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Options.Add(new Option<bool>(VerboseName) { Description = "Say more: how long each step took, every check of a validation report, and each request to Databricks or Spark (secrets redacted).", Recursive = true });
        root.Options.Add(new Option<bool>(DebugName) { Description = $"Old spelling of {VerboseName}.", Recursive = true, Hidden = true });
    }

    /// <summary>True when --verbose (or --debug) was given to any command of the line.</summary>
    public static bool Verbose(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return Given(parse, VerboseName) || Given(parse, DebugName);
    }

    private static bool Given(ParseResult parse, string name)
    {
        try
        {
            return parse.GetValue<bool>(name);
        }
        catch (InvalidOperationException)
        {
            // A command line built without the common options (a test's own root).
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
