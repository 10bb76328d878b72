using System.Globalization;
using System.Text;

namespace Handoff.SparkJob.SparkConnect.Connection;

/// <summary>
/// A Spark Connect endpoint as Spark's clients spell it:
/// <c>sc://host[:port]/;token=…;user_id=…;session_id=…;use_ssl=true|false;x-any-header=…</c>.
/// The default port is 15002. A token implies TLS and is sent as <c>authorization: Bearer</c>;
/// a token over plain text is refused. Parameters Spark does not define become gRPC metadata
/// (headers), such as <c>x-databricks-cluster-id</c>. Values may be percent-encoded.
/// <see cref="ToString"/> masks the token and any header that looks like a secret.
/// </summary>
public sealed record SparkConnectionString
{
    public const string Scheme = "sc://";
    public const int DefaultPort = 15002;

    private static readonly string[] SecretHints = ["token", "secret", "password", "authorization", "key"];

    public required string Host { get; init; }

    public int Port { get; init; } = DefaultPort;

    /// <summary>The bearer token; never shown by <see cref="ToString"/>.</summary>
    public string? Token { get; init; }

    public bool UseSsl { get; init; }

    public string? UserId { get; init; }

    /// <summary>The session id the client must use (a UUID); null lets the client make one.</summary>
    public string? SessionId { get; init; }

    /// <summary>The product part of client_type (Spark's <c>user_agent</c> parameter).</summary>
    public string? UserAgent { get; init; }

    /// <summary>Extra gRPC metadata, lowercase keys, in the order given.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The HTTP/2 address the channel connects to.</summary>
    public Uri Address => new($"{(UseSsl ? "https" : "http")}://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}");

    public static SparkConnectionString Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (!trimmed.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            var shown = trimmed.Contains("://", StringComparison.Ordinal) ? trimmed[..trimmed.IndexOf("://", StringComparison.Ordinal)] + "://" : "(none)";
            throw new SparkConnectionStringException("scheme", $"expected '{Scheme}', found {shown}; the form is sc://host:port/;param=value");
        }

        var rest = trimmed[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var semicolon = rest.IndexOf(';', StringComparison.Ordinal);
        if (semicolon >= 0 && (slash < 0 || semicolon < slash))
        {
            throw new SparkConnectionStringException("path", "parameters must follow a '/' after the host and port, as in sc://host:15002/;token=...");
        }

        var authority = slash < 0 ? rest : rest[..slash];
        var afterAuthority = slash < 0 ? string.Empty : rest[slash..];
        var (host, port) = ParseAuthority(authority);
        var connection = new SparkConnectionString { Host = host, Port = port };
        return ApplyParameters(connection, afterAuthority);
    }

    public override string ToString()
    {
        var text = new StringBuilder(Scheme);
        text.Append(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host).Append(':').Append(Port.ToString(CultureInfo.InvariantCulture)).Append('/');
        if (Token is not null)
        {
            text.Append(";token=").Append(Errors.SecretRedactor.Mask);
        }

        if (UseSsl && Token is null)
        {
            text.Append(";use_ssl=true");
        }

        if (UserId is not null)
        {
            text.Append(";user_id=").Append(UserId);
        }

        if (SessionId is not null)
        {
            text.Append(";session_id=").Append(SessionId);
        }

        foreach (var (key, value) in Headers)
        {
            text.Append(';').Append(key).Append('=').Append(LooksSecret(key) ? Errors.SecretRedactor.Mask : value);
        }

        return text.ToString();
    }

    private static (string Host, int Port) ParseAuthority(string authority)
    {
        if (authority.Contains('@', StringComparison.Ordinal))
        {
            throw new SparkConnectionStringException("host", "user information before the host is not supported; pass the token as ;token=...");
        }

        string host;
        string? portText = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new SparkConnectionStringException("host", "an IPv6 address opened with '[' has no closing ']'");
            }

            host = authority[1..close];
            var after = authority[(close + 1)..];
            if (after.Length > 0)
            {
                portText = after.StartsWith(':') ? after[1..] : throw new SparkConnectionStringException("port", $"unexpected '{after}' after the host");
            }
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? null : authority[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            throw new SparkConnectionStringException("host", "the host is empty; the form is sc://host:port/");
        }

        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw new SparkConnectionStringException("host", $"'{host}' is not a valid host name or address");
        }

        if (portText is null)
        {
            return (host, DefaultPort);
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new SparkConnectionStringException("port", $"'{portText}' is not a port number between 1 and 65535");
        }

        return (host, port);
    }

    private static SparkConnectionString ApplyParameters(SparkConnectionString connection, string afterAuthority)
    {
        if (afterAuthority.Length == 0)
        {
            return connection;
        }

        var segments = afterAuthority.Split(';');
        if (segments[0] != "/")
        {
            throw new SparkConnectionStringException("path", $"'{segments[0]}' is not allowed: the path must be '/' (sc://host:port/;param=value)");
        }

        bool? useSsl = null;
        var headers = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in segments.Skip(1))
        {
            if (segment.Length == 0)
            {
                continue;
            }

            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                var name = equals < 0 ? segment : "(empty)";
                throw new SparkConnectionStringException($"parameter '{(LooksSecret(name) ? Errors.SecretRedactor.Mask : name)}'", "expected name=value");
            }

            var key = segment[..equals].Trim().ToLowerInvariant();
            var value = Decode(key, segment[(equals + 1)..]);
            if (!seen.Add(key))
            {
                throw new SparkConnectionStringException($"parameter '{key}'", "is given twice");
            }

            switch (key)
            {
                case "token":
                    connection = connection with { Token = value.Length > 0 ? value : throw new SparkConnectionStringException("token", "is empty") };
                    break;
                case "use_ssl":
                    useSsl = value.ToLowerInvariant() switch
                    {
                        "true" => true,
                        "false" => false,
                        _ => throw new SparkConnectionStringException("use_ssl", $"'{value}' is neither true nor false"),
                    };
                    break;
                case "user_id":
                    connection = connection with { UserId = value };
                    break;
                case "session_id":
                    connection = connection with { SessionId = Guid.TryParseExact(value, "D", out var session) ? session.ToString("D") : throw new SparkConnectionStringException("session_id", $"'{value}' is not a UUID (00112233-4455-6677-8899-aabbccddeeff)") };
                    break;
                case "user_agent":
                    connection = connection with { UserAgent = value };
                    break;
                case "grpc_max_message_size":
                    // A client-side limit in Spark's own clients; ours is set in the client options.
                    break;
                default:
                    headers.Add(new(CheckHeaderName(key), CheckHeaderValue(key, value)));
                    break;
            }
        }

        if (connection.Token is not null && useSsl == false)
        {
            throw new SparkConnectionStringException("token", "a token is never sent over plain text: remove use_ssl=false (a token implies TLS)");
        }

        return connection with { UseSsl = useSsl ?? connection.Token is not null, Headers = headers };
    }

    private static string Decode(string key, string value)
    {
        try
        {
            return Uri.UnescapeDataString(value.Trim());
        }
        catch (UriFormatException)
        {
            throw new SparkConnectionStringException($"parameter '{key}'", "its value is not valid percent-encoding");
        }
    }

    private static string CheckHeaderName(string key)
    {
        // gRPC metadata keys: lowercase letters, digits, '-', '_' and '.'; "-bin" keys are binary.
        if (key.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.')))
        {
            throw new SparkConnectionStringException($"parameter '{key}'", "is not a valid gRPC header name (letters, digits, '-', '_' and '.')");
        }

        if (key.EndsWith("-bin", StringComparison.Ordinal) || key.StartsWith("grpc-", StringComparison.Ordinal) || key is "authorization" or "content-type" or "te" or "user-agent")
        {
            throw new SparkConnectionStringException($"parameter '{key}'", "is a header the client sets itself and cannot be given here");
        }

        return key;
    }

    private static string CheckHeaderValue(string key, string value)
    {
        if (value.Any(c => c < ' ' || c > '~'))
        {
            throw new SparkConnectionStringException($"parameter '{key}'", "its value must be printable ASCII to be sent as a header");
        }

        return value;
    }

    private static bool LooksSecret(string key) => SecretHints.Any(hint => key.Contains(hint, StringComparison.OrdinalIgnoreCase));
}
