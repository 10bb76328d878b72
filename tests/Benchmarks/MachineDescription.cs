namespace Handoff.Benchmarks;

internal static class MachineDescription
{
    public static string Text
    {
        get
        {
            var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
            var memoryGb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9;
            return $"{Environment.ProcessorCount} cores ({cpu}), {memoryGb:0} GB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
        }
    }
}
