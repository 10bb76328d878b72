using Npgsql;

namespace Handoff.Exporter.Sources.Postgres;

/// <summary>Checks, masks and describes Npgsql connection strings without ever revealing the password.</summary>
internal static class PostgresConnectionString
{
    private const string Mask = "***";

    /// <exception cref="UnsupportedSourceException">Npgsql cannot parse the text.</exception>
    public static NpgsqlConnectionStringBuilder Validate(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            // Npgsql names the offending key or position, never a value.
            throw new UnsupportedSourceException($"the PostgreSQL connection string is not valid: {ex.Message}");
        }
    }

    public static string Redact(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            return "<invalid connection string>";
        }

        if (builder.Password is not null)
        {
            builder.Password = Mask;
        }

        if (builder.SslPassword is not null)
        {
            builder.SslPassword = Mask;
        }

        return builder.ConnectionString;
    }

    /// <summary>"host:port" for error messages.</summary>
    public static string Endpoint(NpgsqlConnectionStringBuilder builder)
    {
        var host = string.IsNullOrEmpty(builder.Host) ? "localhost" : builder.Host;
        return host.Contains(',', StringComparison.Ordinal) ? host : $"{host}:{builder.Port}";
    }
}
