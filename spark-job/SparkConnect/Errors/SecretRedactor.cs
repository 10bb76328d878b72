namespace Handoff.SparkJob.SparkConnect.Errors;

/// <summary>
/// Replaces known secret values (the token, storage keys set as session confs) with <c>***</c>
/// in any text that may reach a user, in case a server or transport error echoes them.
/// </summary>
public sealed class SecretRedactor
{
    public const string Mask = "***";

    private const int MinimumSecretLength = 4;
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Add(string? secret)
    {
        // Short values would mask ordinary words; real secrets are long.
        if (secret is { Length: >= MinimumSecretLength })
        {
            lock (_lock)
            {
                _secrets.Add(secret);
            }
        }
    }

    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_lock)
        {
            foreach (var secret in _secrets.OrderByDescending(s => s.Length))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
