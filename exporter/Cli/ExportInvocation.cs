using Handoff.Shared.Cli;
using Handoff.Exporter.Export;
using Handoff.Shared.Storage;

namespace Handoff.Exporter.Cli;

/// <summary>A checked export request from the command line: what to read, where to write, how.</summary>
internal sealed record ExportInvocation(long? SampleRows, string? Source, string? Query, string To, StorageCredentials Credentials, ExportOptions Options);
