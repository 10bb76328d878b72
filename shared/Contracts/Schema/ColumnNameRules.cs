using System.Buffers;

namespace Handoff.Shared.Schema;

/// <summary>
/// Names Delta can store without column mapping: no <c> ,;{}()\n\t=</c>, not empty, and unique
/// ignoring case (Spark resolves columns case-insensitively, so "Id" and "id" collide).
/// </summary>
public static class ColumnNameRules
{
    private static readonly SearchValues<char> Forbidden = SearchValues.Create(" ,;{}()\n\t=");

    public static void Check(IEnumerable<string> names)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        foreach (var name in names)
        {
            position++;
            if (string.IsNullOrEmpty(name))
            {
                throw new SchemaException($"column {position} has an empty name");
            }

            var bad = name.AsSpan().IndexOfAny(Forbidden);
            if (bad >= 0)
            {
                throw new SchemaException($"column '{Printable(name)}' contains {Describe(name[bad])}, which Delta cannot store in a column name (forbidden: space , ; {{ }} ( ) newline tab =)");
            }

            if (!seen.TryAdd(name, name))
            {
                throw new SchemaException($"columns '{seen[name]}' and '{name}' collide (Delta column names are case-insensitive)");
            }
        }
    }

    private static string Describe(char c) => c switch
    {
        ' ' => "a space",
        '\n' => "a newline",
        '\t' => "a tab",
        _ => $"'{c}'",
    };

    private static string Printable(string name) => name.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
