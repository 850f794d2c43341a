using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace TaoLens.LocalPostgres;

/// <summary>The host's zero-configuration database: the embedded cluster, used only when no connection string is set.</summary>
public static class EmbeddedDatabase
{
    public const string ConnectionStringName = "TaoLens";
    public const string Section = "Database:Embedded";

    /// <summary>
    /// When <c>ConnectionStrings:TaoLens</c> is not set, starts (or joins) the embedded cluster of section
    /// <c>Database:Embedded</c> and points the configuration at it; otherwise does nothing and returns null.
    /// Dispose the result after the host has stopped.
    /// </summary>
    public static async Task<EmbeddedPostgres?> StartIfNeededAsync(IConfiguration configuration, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringName)))
        {
            return null;
        }

        var options = configuration.GetSection(Section).Get<EmbeddedPostgresOptions>() ?? new EmbeddedPostgresOptions();
        var embedded = await EmbeddedPostgres.StartAsync(options, logger, cancellationToken);
        configuration[$"ConnectionStrings:{ConnectionStringName}"] = embedded.ConnectionString;
        // A private cluster has no administrator to run 'migrate': it is always brought to the current schema.
        configuration["Database:MigrateOnStartup"] = "true";
        return embedded;
    }
}
