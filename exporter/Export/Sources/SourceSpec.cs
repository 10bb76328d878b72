using System.Text.RegularExpressions;
using Handoff.Exporter.Sources.Postgres;

namespace Handoff.Exporter.Sources;

/// <summary>
/// Which database to query, parsed from the <c>--source</c> text:
/// <list type="bullet">
/// <item><c>duckdb:&lt;file&gt;</c>: a DuckDB database file, opened read-only;</item>
/// <item><c>duckdb:</c> or <c>duckdb::memory:</c>: an empty in-memory DuckDB (queries over files, e.g. read_parquet);</item>
/// <item><c>postgres:&lt;Npgsql connection string&gt;</c> (or <c>postgresql:</c>).</item>
/// </list>
/// <see cref="ToString"/> is safe to print: the password is masked.
/// </summary>
public sealed partial class SourceSpec
{
    public const string DuckDbKind = "duckdb";
    public const string PostgresKind = "postgres";

    /// <summary>The path DuckDB uses for an in-memory database.</summary>
    public const string InMemory = ":memory:";

    private const string SupportedKinds = "duckdb, postgres";

    private SourceSpec(string kind, string target)
    {
        Kind = kind;
        Target = target;
    }

    /// <summary><see cref="DuckDbKind"/> or <see cref="PostgresKind"/>.</summary>
    public string Kind { get; }

    /// <summary>
    /// For DuckDB the database file path (<see cref="InMemory"/> for an in-memory database); for
    /// PostgreSQL the connection string, which may hold a password: never print it.
    /// </summary>
    public string Target { get; }

    public bool IsInMemory => Kind == DuckDbKind && Target == InMemory;

    public static SourceSpec DuckDb(string databasePath) =>
        new(DuckDbKind, string.IsNullOrEmpty(databasePath) ? InMemory : databasePath);

    public static SourceSpec Postgres(string connectionString)
    {
        PostgresConnectionString.Validate(connectionString);
        return new(PostgresKind, connectionString);
    }

    /// <exception cref="UnsupportedSourceException">the kind is unknown or the rest cannot be parsed.</exception>
    public static SourceSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? string.Empty : text[..colon].Trim();
        if (!KindPattern().IsMatch(kind))
        {
            // Without a recognisable prefix the text may be a bare connection string: do not echo it.
            throw new UnsupportedSourceException($"the source must start with its type, as in duckdb:<file> or postgres:<connection string> (supported: {SupportedKinds})");
        }

        var rest = text[(colon + 1)..];
        return kind.ToLowerInvariant() switch
        {
            DuckDbKind => DuckDb(rest.Trim()),
            PostgresKind or "postgresql" => Postgres(rest),
            _ => throw new UnsupportedSourceException($"unsupported source type '{kind}' (supported: {SupportedKinds})"),
        };
    }

    /// <summary>The spec with any password masked, e.g. <c>postgres:Host=db;Username=me;Password=***</c>.</summary>
    public override string ToString() => Kind == PostgresKind
        ? $"{PostgresKind}:{PostgresConnectionString.Redact(Target)}"
        : $"{DuckDbKind}:{Target}";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]{0,31}$")]
    private static partial Regex KindPattern();
}
