namespace Handoff.Shared.Input;

// Typed input errors: what the user gave (an option's value, a location, a file's bytes, a table's
// state) is wrong, and the programs exit 2 for it. The format and argument errors derive from the
// framework type their throw sites used before, so every catch that rewraps or adds a line number
// still catches them (InvalidDataException is sealed, so the catches of InputDataException name it).
// The framework types themselves, thrown by our own guards or a library, are bugs (exit 70).

/// <summary>Text or bytes that do not parse as what they claim to be (a CSV line, an Avro block, a type name).</summary>
public sealed class InputFormatException : FormatException
{
    public InputFormatException(string message)
        : base(message)
    {
    }

    public InputFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Data that parses but cannot be used: a value that does not fit its column, files that disagree, a table in the wrong state.</summary>
public sealed class InputDataException : Exception
{
    public InputDataException(string message)
        : base(message)
    {
    }

    public InputDataException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public InputDataException(string message, InputProblem problem, Exception? innerException = null)
        : base(message, innerException)
    {
        Problem = problem;
    }

    /// <summary>The facts behind the message, for a program that says them with its own options; null when the message is all there is.</summary>
    public InputProblem? Problem { get; }
}

/// <summary>A value that is refused (a file name template, a table name, a compression). Below the command line the message names no option: a program that has one words <see cref="Problem"/> itself.</summary>
public sealed class InputArgumentException : ArgumentException
{
    public InputArgumentException(string message)
        : base(message)
    {
    }

    public InputArgumentException(string message, string? paramName)
        : base(message, paramName)
    {
    }

    public InputArgumentException(string message, InputProblem problem)
        : base(message)
    {
        Problem = problem;
    }

    /// <summary>The facts behind the message, for a program that says them with its own options; null when the message is all there is.</summary>
    public InputProblem? Problem { get; }
}
