using Handoff.Shared.Input;

namespace Handoff.SparkJob.Catalog;

/// <summary>
/// The name to register already names a table at <paramref name="Registered"/>, not at
/// <paramref name="Wanted"/> (<paramref name="How"/>: "already exists", or "was created
/// meanwhile by someone else").
/// </summary>
public sealed record TableAtAnotherLocation(string Name, string How, string Registered, string Wanted) : InputProblem
{
    /// <summary>The sentence, with <paramref name="anotherName"/> saying how to give the table another name.</summary>
    public string Say(string anotherName) =>
        $"{Name} {How} at another location, {Registered}, not {Wanted}; nothing was changed: {anotherName}, or drop that table first if it is the one to replace";
}
