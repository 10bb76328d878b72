namespace Handoff.Shared.Cli;

/// <summary>
/// The closest names to a misspelt word: within an edit distance of about a third of the word
/// (at least 2), a prefix of a name, or a name that is a prefix of it, nearest first.
/// </summary>
public static class DidYouMean
{
    public static IReadOnlyList<string> Closest(string word, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(word);
        var typed = Bare(word);
        if (typed.Length == 0)
        {
            return [];
        }

        var limit = Math.Max(2, typed.Length / 3);
        var scored = names.Distinct(StringComparer.Ordinal)
            .Select(name => (name, distance: Distance(typed, Bare(name))))
            .Where(c => c.distance <= limit || IsPrefixEither(typed, Bare(c.name)))
            .OrderBy(c => c.distance)
            .ThenBy(c => c.name, StringComparer.Ordinal)
            .ToList();
        if (scored.Count == 0)
        {
            return [];
        }

        // One clear winner is more helpful than a list.
        var best = scored[0].distance;
        return scored.Where(c => c.distance == best).Select(c => c.name).Take(3).ToList();
    }

    /// <summary>" Did you mean '--a'?" or " Did you mean one of '--a', '--b'?", or empty.</summary>
    public static string Sentence(string word, IEnumerable<string> names)
    {
        var closest = Closest(word, names);
        return closest.Count switch
        {
            0 => string.Empty,
            1 => $" Did you mean '{closest[0]}'?",
            _ => $" Did you mean one of {string.Join(", ", closest.Select(n => $"'{n}'"))}?",
        };
    }

    private static string Bare(string name) => name.TrimStart('-').ToLowerInvariant();

    private static bool IsPrefixEither(string typed, string name) =>
        typed.Length >= 3 && (name.StartsWith(typed, StringComparison.Ordinal) || typed.StartsWith(name, StringComparison.Ordinal));

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
