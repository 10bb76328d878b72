using Handoff.Shared.Cli;
using Handoff.Shared.Storage;
using Handoff.SparkJob.Catalog;
using Handoff.SparkJob.Engines.Spark;

namespace Handoff.SparkJob.Cli;

/// <summary>
/// <c>register --name</c> and <c>--table</c> as a <see cref="RegistrationTarget"/>: a
/// three-part Unity Catalog name and an abfss:// location without a SAS, or a usage error naming
/// the option.
/// </summary>
internal static class RegistrationArguments
{
    public static RegistrationTarget Parse(string name, string location)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(location);
        SparkTableRef table;
        try
        {
            table = SparkTableRef.Parse(name);
        }
        catch (ArgumentException error)
        {
            throw new UsageException($"--name: {error.Message}");
        }

        if (table.Location is not null || table.NameParts.Count != 3)
        {
            throw new UsageException($"--name '{name}' is not catalog.schema.table: Unity Catalog names a table by three parts (quote a part with backticks when it holds a dot)");
        }

        return new RegistrationTarget(table, AbfssLocation(location.Trim()));
    }

    /// <summary>The location in the form Spark and Unity Catalog use, refusing anything but an Azure abfss:// URL.</summary>
    private static string AbfssLocation(string text)
    {
        if (text.Any(char.IsControl))
        {
            throw new UsageException("--table contains a control character; refusing it");
        }

        StorageLocation parsed;
        try
        {
            parsed = StorageLocationParser.Parse(text);
        }
        catch (StorageException error)
        {
            throw new UsageException($"--table: {error.Message}");
        }

        var isAbfss = text.StartsWith("abfss://", StringComparison.OrdinalIgnoreCase);
        if (parsed is BlobLocation blob && blob.Sas is null && isAbfss)
        {
            return SparkPaths.For(blob);
        }

        var suggestion = parsed is BlobLocation other && TryAbfss(other) is { } abfss ? $" (for this table: {abfss})" : string.Empty;
        throw new UsageException(
            $"--table must be the table's abfss:// location, abfss://<container>@<account>.dfs.core.windows.net/<path>{suggestion}: a Unity Catalog external table lives on cloud storage that the workspace reaches through an external location; {(parsed is LocalLocation ? "a local folder cannot be registered" : "give it without a SAS or another scheme")}");
    }

    private static string? TryAbfss(BlobLocation blob)
    {
        try
        {
            return SparkPaths.For(blob with { Sas = null });
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
