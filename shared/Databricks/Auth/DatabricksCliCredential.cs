using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Handoff.Shared.Databricks.Config;
using Handoff.Shared.Databricks.Errors;

namespace Handoff.Shared.Databricks.Auth;

/// <summary>
/// <c>auth_type = databricks-cli</c>, what <c>databricks auth login</c> writes: tokens come from
/// running <c>databricks auth token --profile NAME</c> (or <c>--host URL</c> without a profile) and
/// are cached until shortly before they expire. Follows databricks/databricks-sdk-go v0.175.0
/// config/cli_token_source.go: the CLI is DATABRICKS_CLI_PATH (a path, or a name looked up on
/// PATH) or <c>databricks</c> on PATH; a file under 1 MiB is the legacy Python CLI, which has no
/// <c>auth token</c>; the output is <c>{"access_token", "token_type", "expiry"}</c>.
/// </summary>
public sealed class DatabricksCliCredential : IDatabricksCredential
{
    /// <summary>The SDK tells the Go CLI (≥ 0.100) from the legacy Python one by size.</summary>
    public const long MinimumCliBytes = 1024 * 1024;

    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(2);

    private readonly string _cli;
    private readonly string[] _arguments;
    private readonly TokenCache _cache;

    public DatabricksCliCredential(string cliPath, IReadOnlyList<string> arguments, TimeProvider? time = null)
    {
        _cli = cliPath;
        _arguments = [.. arguments];
        _cache = new TokenCache(FetchAsync, time ?? TimeProvider.System);
        Description = $"Databricks CLI token ({Path.GetFileName(cliPath)} {string.Join(' ', _arguments)})";
    }

    public string Description { get; }

    public bool CanRefresh => true;

    /// <summary>Times the CLI has been run (tests check the cache with it).</summary>
    public int Runs { get; private set; }

    internal static DatabricksCliCredential Create(DatabricksConfig config, TimeProvider? time)
    {
        var cli = Locate(config.DatabricksCliPath, config.Environment);
        string[] arguments = config.Profile is { } profile
            ? ["auth", "token", "--profile", profile]
            : ["auth", "token", "--host", config.Host.GetLeftPart(UriPartial.Authority)];
        return new DatabricksCliCredential(cli, arguments, time);
    }

    public ValueTask<DatabricksToken> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken) =>
        _cache.GetAsync(forceRefresh, cancellationToken);

    private static string Locate(string? configured, Func<string, string?> environment)
    {
        var name = configured ?? "databricks";
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return Checked(name) ?? throw new DatabricksConfigException($"auth_type databricks-cli: the Databricks CLI '{name}' (DATABRICKS_CLI_PATH) does not exist.");
        }

        var legacy = false;
        foreach (var folder in (environment("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            try
            {
                if (Checked(candidate) is { } found)
                {
                    return found;
                }
            }
            catch (DatabricksConfigException)
            {
                legacy = true;
            }
        }

        throw new DatabricksConfigException(legacy
            ? $"auth_type databricks-cli: the '{name}' on PATH is the legacy Python Databricks CLI, which cannot give tokens; install the Databricks CLI (0.207 or later) or set DATABRICKS_CLI_PATH."
            : $"auth_type databricks-cli: the Databricks CLI ('{name}') is not on PATH; install it (https://docs.databricks.com/dev-tools/cli/install.html) or set DATABRICKS_CLI_PATH.");
    }

    /// <summary>The path when it is a file of the Go CLI's size, null when there is no file; throws for the legacy CLI.</summary>
    private static string? Checked(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return null;
        }

        return file.Length >= MinimumCliBytes
            ? file.FullName
            : throw new DatabricksConfigException($"auth_type databricks-cli: {path} is smaller than 1 MiB, so it is the legacy Python Databricks CLI, which cannot give tokens; install the Databricks CLI (0.207 or later).");
    }

    private async Task<DatabricksToken> FetchAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in _arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new DatabricksConfigException($"{Description}: the CLI did not start.");
        Runs++;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(RunLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new DatabricksConfigException($"{Description}: no answer within {RunLimit.TotalMinutes:0} minutes.");
        }

        var output = await stdout;
        var errors = (await stderr).Trim();
        if (process.ExitCode != 0)
        {
            throw new DatabricksConfigException(
                $"{Description} failed with exit code {process.ExitCode}: {Cut(errors)} (run 'databricks auth login' for this workspace, then try again).");
        }

        CliToken? token;
        try
        {
            token = JsonSerializer.Deserialize<CliToken>(output);
        }
        catch (JsonException)
        {
            token = null;
        }

        if (string.IsNullOrEmpty(token?.AccessToken))
        {
            throw new DatabricksConfigException($"{Description} printed no access_token ({output.Length} characters of output, not shown).");
        }

        return new DatabricksToken(token.AccessToken, ParseExpiry(token.Expiry));
    }

    /// <summary>RFC 3339 (what the CLI prints), or "yyyy-MM-dd HH:mm:ss[.fffffffff]" in local time, as the SDK's <c>parseExpiry</c> also accepts.</summary>
    internal static DateTimeOffset? ParseExpiry(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var parsed))
        {
            return parsed;
        }

        throw new DatabricksConfigException($"the Databricks CLI's token has an expiry that is not a time: '{Cut(text)}'.");
    }

    private static string Cut(string text) => text.Length <= 500 ? text : text[..500] + "…";

    private sealed record CliToken(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("token_type")] string? TokenType,
        [property: JsonPropertyName("expiry")] string? Expiry);
}
