using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Handoff.Shared.Storage;

/// <summary>
/// Who holds a lock object: the run's start, the host and process, and a key that says whether
/// another process can check that process's liveness. Written into the lock object for people and
/// for the next run. <see cref="HostKey"/> is the kernel's boot id and the pid namespace, so two
/// containers on one kernel (same host name, separate pids) never judge each other's processes.
/// </summary>
public sealed record LockHolder(DateTimeOffset StartedAt, string Host, int Pid, DateTimeOffset? ProcessStartedAt, string HostKey)
{
    private static readonly Lazy<string> ThisHostKey = new(ReadHostKey);

    /// <summary>This process, starting a locked piece of work now.</summary>
    public static LockHolder ForThisProcess(DateTimeOffset startedAt)
    {
        DateTimeOffset? processStart = null;
        try
        {
            using var self = Process.GetCurrentProcess();
            processStart = self.StartTime.ToUniversalTime();
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            // Without a start time, liveness cannot be told apart from a reused pid: unknown.
        }

        return new LockHolder(startedAt, Environment.MachineName, Environment.ProcessId, processStart, ThisHostKey.Value);
    }

    /// <summary>
    /// True when the holder ran on this host (same kernel boot and pid namespace) and its process is
    /// gone (or its pid now belongs to a later process); false when it is alive or cannot be judged.
    /// </summary>
    public bool IsDeadOnThisHost()
    {
        if (HostKey.Length == 0 || HostKey != ThisHostKey.Value || ProcessStartedAt is not { } started)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(Pid);
            return (process.StartTime.ToUniversalTime() - started).Duration() > TimeSpan.FromSeconds(1);
        }
        catch (ArgumentException)
        {
            return true; // no process with that id
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>"host H, process P, running since T", for messages.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"host {Host}, process {Pid}, started {StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z");

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("startedAt", StartedAt);
            json.WriteString("host", Host);
            json.WriteNumber("pid", Pid);
            if (ProcessStartedAt is { } processStart)
            {
                json.WriteString("processStartedAt", processStart);
            }

            json.WriteString("hostKey", HostKey);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The holder a lock object names, or null when its content is not ours (an older version's lock, a stray file).</summary>
    public static LockHolder? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("startedAt", out var startedAt) || !root.TryGetProperty("host", out var host) || !root.TryGetProperty("pid", out var pid))
            {
                return null;
            }

            return new LockHolder(
                startedAt.GetDateTimeOffset(),
                host.GetString() ?? string.Empty,
                pid.GetInt32(),
                root.TryGetProperty("processStartedAt", out var processStart) ? processStart.GetDateTimeOffset() : null,
                root.TryGetProperty("hostKey", out var hostKey) ? hostKey.GetString() ?? string.Empty : string.Empty);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string ReadHostKey()
    {
        if (!OperatingSystem.IsLinux())
        {
            return Environment.MachineName;
        }

        try
        {
            var boot = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
            var pidNamespace = new FileInfo("/proc/self/ns/pid").LinkTarget ?? string.Empty;
            return $"{boot}/{pidNamespace}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty; // liveness cannot be checked: never judged dead
        }
    }
}
