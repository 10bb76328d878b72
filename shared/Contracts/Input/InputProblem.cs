namespace Handoff.Shared.Input;

/// <summary>
/// The facts of an input error, typed, so that the program whose options they came from can say
/// them in its own words. Libraries below the command line have no options and name none in
/// their messages; each library derives the problems it reports (for example the files sent
/// without a manifest, <c>Handoff.Shared.Exports.FromFiles.FilesProblem</c>).
/// </summary>
public abstract record InputProblem
{
    /// <summary>The problem a typed input error carries, or null when its message is all there is.</summary>
    public static InputProblem? Of(Exception error) => error switch
    {
        InputDataException data => data.Problem,
        InputArgumentException argument => argument.Problem,
        _ => null,
    };
}
