using System.CommandLine;

namespace Handoff.Shared.Cli;

public static class JsonOption
{
    public const string Name = "--json";

    public static Option<bool> Create() => new(Name) { Description = "Print one JSON object on stdout instead of the human output (errors too, parse errors included)." };
}
