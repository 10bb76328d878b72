using System.Security.Cryptography;
using System.Text;
using Handoff.Shared.Input;

namespace Handoff.Exporter.Databricks.Submit;

/// <summary>
/// The <c>idempotency_token</c> of a submit: derived from the export id and the table, so
/// submitting the same export into the same table twice (a retry, a double click, a re-run
/// script) starts one run. <c>--attempt</c> starts a deliberate second one. A submit of a
/// prefix (<c>--exports</c>) has no export id yet: see <see cref="ForPrefix"/>.
/// </summary>
public static class IdempotencyToken
{
    public static string For(string exportId, string table, int attempt = 1)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{exportId}\n{table}\n{attempt}"));
        return "handoff-" + Convert.ToHexStringLower(digest)[..40];
    }

    /// <summary>
    /// The token of a submit that loads what is new under a prefix: such a load is idempotent
    /// itself (a second run finds nothing new and commits nothing), so each submit is its own run,
    /// and the token only makes this submit's retried requests one run.
    /// </summary>
    public static string ForPrefix(string prefix, string table, Guid invocation) => For("exports:" + prefix + "\n" + invocation.ToString("N"), table);

    /// <summary>
    /// The export id a manifest location names: the folder holding manifest.json
    /// (<c>&lt;prefix&gt;/&lt;export-id&gt;/manifest.json</c>), or the folder itself.
    /// </summary>
    public static string ExportIdOf(string manifestLocation)
    {
        var path = manifestLocation.Trim();
        var query = path.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            path = path[..query];
        }

        path = path.TrimEnd('/');
        if (path.EndsWith("/manifest.json", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^"/manifest.json".Length];
        }

        var slash = path.LastIndexOf('/');
        var id = slash >= 0 ? path[(slash + 1)..] : path;
        return id.Length > 0 ? id : throw new InputArgumentException($"the manifest location '{manifestLocation}' names no export folder", new ManifestNamesNoExportFolder(manifestLocation));
    }
}
