using System.Text.RegularExpressions;

namespace Handoff.Shared.Storage;

/// <summary>Azure's naming rules for storage accounts and containers, checked before any request is sent.</summary>
public static partial class AzureNames
{
    /// <summary>Null if <paramref name="name"/> is a valid account name, else the reason.</summary>
    public static string? AccountNameProblem(string name) =>
        AccountPattern().IsMatch(name) ? null : "account names are 3-24 lowercase letters and digits";

    /// <summary>Null if <paramref name="name"/> is a valid container name, else the reason.</summary>
    public static string? ContainerNameProblem(string name)
    {
        if (name is "$root" or "$web" or "$logs")
        {
            return null;
        }

        if (name.Length is < 3 or > 63)
        {
            return "container names are 3-63 characters long";
        }

        if (!ContainerPattern().IsMatch(name))
        {
            return "container names use lowercase letters, digits and hyphens, start and end with a letter or digit, and have no '--'";
        }

        return null;
    }

    [GeneratedRegex("^[a-z0-9]{3,24}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerPattern();
}
