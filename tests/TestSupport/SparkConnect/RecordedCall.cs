using Google.Protobuf;

namespace Handoff.Tests.Fixtures.SparkConnect;

/// <summary>One request the fake server received: the RPC, the message and the request headers (lowercase keys).</summary>
public sealed record RecordedCall(string Method, IMessage Request, IReadOnlyDictionary<string, string> Headers, bool Tls);
