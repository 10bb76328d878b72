using System.CommandLine;

namespace Handoff.Shared.Cli;

public static class JsonOption
{
    public static Option<bool> Create() => new("--json") { Description = "Print one JSON object on stdout instead of the human summary (errors too)." };
}
