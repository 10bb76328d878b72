using System.Security.Cryptography;
using System.Text;

namespace Handoff.Shared.Manifest;

/// <summary>
/// Where the export's rows came from: the source kind ("duckdb", "postgres", ...), the query
/// text and "sha256:&lt;hex&gt;" of its UTF-8 bytes, so that two exports of the same query can be
/// recognised without comparing long texts.
/// </summary>
public sealed record ManifestSource(string Kind, string Query, string QueryHash)
{
    public const string HashPrefix = "sha256:";

    public static ManifestSource For(string kind, string query) => new(kind, query, HashQuery(query));

    /// <summary>"sha256:" followed by the lowercase hex SHA-256 of the UTF-8 query text.</summary>
    public static string HashQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)));
    }
}
