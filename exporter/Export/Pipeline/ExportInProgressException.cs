using Handoff.Shared.Storage;

namespace Handoff.Exporter.Export;

/// <summary>Another live run holds the export id: two runs writing one export would damage each other's files.</summary>
public sealed class ExportInProgressException(string lockLocation, LockHolder? holder)
    : Exception($"another run is writing this export id{(holder is null ? string.Empty : $" ({holder})")} and holds its lock {lockLocation}; wait for it to finish. A run that dies releases the lock by itself: at once on a local folder (an operating-system lock), within 15 seconds on Blob Storage (a lease), at once there too when it ran on this host")
{
    public LockHolder? Holder => holder;
}
