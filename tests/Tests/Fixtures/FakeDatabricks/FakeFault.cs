namespace Handoff.Tests.Fixtures.FakeDatabricks;

/// <summary>A failure the fake workspace serves instead of the real answer.</summary>
public abstract record FakeFault
{
    /// <summary>429 with Retry-After (seconds).</summary>
    public sealed record TooManyRequests(int RetryAfterSeconds) : FakeFault;

    /// <summary>503 TEMPORARILY_UNAVAILABLE, optionally with Retry-After.</summary>
    public sealed record Unavailable(int? RetryAfterSeconds = null) : FakeFault;

    /// <summary>The connection is dropped without an answer.</summary>
    public sealed record ResetConnection : FakeFault;

    /// <summary>The answer comes only after this long (or never, if the client gives up first).</summary>
    public sealed record SlowResponse(TimeSpan Delay) : FakeFault;

    /// <summary>200 with a truncated JSON body.</summary>
    public sealed record MalformedJson : FakeFault;

    /// <summary>Any API error: status, error_code and message.</summary>
    public sealed record ApiError(int Status, string ErrorCode, string Message) : FakeFault;

    /// <summary>Any body as it is, for answers the API gives in other shapes (old-style errors, a proxy's HTML page, a page of a paged answer).</summary>
    public sealed record Raw(int Status, string ContentType, string Body) : FakeFault;
}

/// <summary>Faults waiting for requests: each rule serves its fault to the next <c>Times</c> requests it matches.</summary>
public sealed class FakeFaults
{
    private readonly List<Rule> _rules = [];

    /// <summary>Serves <paramref name="fault"/> to the next <paramref name="times"/> requests whose method matches (null: any) and whose path starts with <paramref name="pathPrefix"/>.</summary>
    public void Add(string? method, string pathPrefix, FakeFault fault, int times = 1)
    {
        lock (_rules)
        {
            _rules.Add(new Rule(method, pathPrefix, fault, times));
        }
    }

    internal FakeFault? Take(string method, string path)
    {
        lock (_rules)
        {
            var rule = _rules.FirstOrDefault(r => r.Remaining > 0 && (r.Method is null || r.Method == method) && path.StartsWith(r.PathPrefix, StringComparison.Ordinal));
            if (rule is null)
            {
                return null;
            }

            rule.Remaining--;
            return rule.Fault;
        }
    }

    private sealed class Rule(string? method, string pathPrefix, FakeFault fault, int times)
    {
        public string? Method { get; } = method;

        public string PathPrefix { get; } = pathPrefix;

        public FakeFault Fault { get; } = fault;

        public int Remaining { get; set; } = times;
    }
}
