using System.Text;
using System.Text.RegularExpressions;
using Handoff.Shared.Input;
using Handoff.Shared.Storage;
using Handoff.SparkJob.History;

namespace Handoff.SparkJob.Engines.Spark;

/// <summary>
/// The --table of the spark engine: a catalog name (<c>table</c>, <c>schema.table</c>,
/// <c>catalog.schema.table</c>, parts optionally in backticks) or a location (an absolute path,
/// <c>abfss://</c>, <c>wasbs://</c>, <c>dbfs:/</c>, <c>/Volumes/…</c>, …) used as
/// <c>delta.`path`</c>. <see cref="Sql"/> is the quoted form every statement uses.
/// </summary>
public sealed partial record SparkTableRef
{
    private SparkTableRef(IReadOnlyList<string> nameParts, string? location, StorageLocation? storage = null)
    {
        NameParts = nameParts;
        Location = location;
        Storage = storage;
    }

    /// <summary>The catalog name's parts, unquoted; empty for a location.</summary>
    public IReadOnlyList<string> NameParts { get; }

    /// <summary>The location as Spark reads it; null for a catalog name.</summary>
    public string? Location { get; }

    /// <summary>The location as our storage layer knows it (for storage credentials); null for names and Spark-only schemes.</summary>
    public StorageLocation? Storage { get; }

    /// <summary>"`main`.`sales`.`orders`" or "delta.`abfss://...`".</summary>
    public string Sql => Location is null
        ? string.Join('.', NameParts.Select(SparkSql.Identifier))
        : "delta." + SparkSql.Identifier(Location);

    /// <summary>How reports name the table: "main.sales.orders" or the location.</summary>
    public string Display => Location ?? string.Join('.', NameParts);

    public static SparkTableRef Parse(string text, Func<string, StorageLocation>? parseLocation = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw new InputArgumentException("the table is empty: give a name (schema.table) or a location");
        }

        if (trimmed.Any(char.IsControl))
        {
            throw new InputArgumentException($"the table '{Printable(trimmed)}' contains a control character; refusing it");
        }

        return IsLocation(trimmed) ? FromLocation(trimmed, parseLocation ?? StorageLocationParser.Parse) : FromName(trimmed);
    }

    /// <summary>
    /// The table beside this one whose name or location ends in <paramref name="suffix"/>: in the
    /// same schema, or a sibling location (<paramref name="storageBeside"/> names it for our storage layer).
    /// </summary>
    public SparkTableRef Beside(string suffix, Func<StorageLocation, StorageLocation> storageBeside)
    {
        ArgumentNullException.ThrowIfNull(storageBeside);
        return Location is null
            ? new SparkTableRef([.. NameParts.Take(NameParts.Count - 1), NameParts[^1] + suffix], null)
            : new SparkTableRef([], Location.TrimEnd('/') + suffix, Storage is null ? null : storageBeside(Storage));
    }

    public override string ToString() => Display;

    private static bool IsLocation(string text) => !text.StartsWith('`') && (text.StartsWith('/') || text.StartsWith('.') || text.Contains('/', StringComparison.Ordinal) || SchemePattern().IsMatch(text));

    private static SparkTableRef FromLocation(string text, Func<string, StorageLocation> parseLocation)
    {
        var scheme = SchemePattern().Match(text);
        if (scheme.Success && scheme.Groups[1].Value.ToLowerInvariant() is not ("abfss" or "abfs" or "wasbs" or "wasb" or "https" or "http" or "file"))
        {
            // dbfs:/, s3a://, gs://: Spark's own file systems, passed as they are.
            return new SparkTableRef([], text);
        }

        var storage = parseLocation(text);
        return new SparkTableRef([], SparkPaths.For(storage), storage);
    }

    private static SparkTableRef FromName(string text)
    {
        var parts = new List<string>();
        var part = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '`' && i + 1 < text.Length && text[i + 1] == '`')
                {
                    part.Append('`');
                    i++;
                }
                else if (c == '`')
                {
                    quoted = false;
                }
                else
                {
                    part.Append(c);
                }
            }
            else if (c == '`' && part.Length == 0 && !wasQuoted)
            {
                quoted = wasQuoted = true;
            }
            else if (c == '.')
            {
                parts.Add(Finish(part, text, wasQuoted));
                wasQuoted = false;
            }
            else if (wasQuoted)
            {
                throw new InputArgumentException($"the table name '{text}' has text after a closing backtick; quote a whole part, as in `my.schema`.`table`");
            }
            else if (c == '`')
            {
                throw new InputArgumentException($"the table name '{text}' has a backtick inside an unquoted part; quote the part and double the backtick, as in `a``b`");
            }
            else
            {
                part.Append(c);
            }
        }

        if (quoted)
        {
            throw new InputArgumentException($"the table name '{text}' opens a backtick it never closes");
        }

        parts.Add(Finish(part, text, wasQuoted));
        if (parts.Count > 3)
        {
            throw new InputArgumentException($"the table name '{text}' has {parts.Count} parts; at most catalog.schema.table");
        }

        return new SparkTableRef(parts, null);
    }

    private static string Finish(StringBuilder part, string text, bool wasQuoted)
    {
        var value = wasQuoted ? part.ToString() : part.ToString().Trim();
        part.Clear();
        return value.Length == 0 ? throw new InputArgumentException($"the table name '{text}' has an empty part") : value;
    }

    private static string Printable(string text) => new(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());

    [GeneratedRegex("^([a-zA-Z][a-zA-Z0-9+.-]*):", RegexOptions.CultureInvariant)]
    private static partial Regex SchemePattern();
}
