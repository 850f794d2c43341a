using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using TaoLens.Data.ReferenceData;

namespace TaoLens.Data.Setup;

/// <summary>Brings the database up to date before the app serves: migrations (when enabled), then reference data into an empty database.</summary>
public sealed class DatabaseInitializer(
    IServiceScopeFactory scopes,
    NpgsqlDataSource dataSource,
    IOptions<DatabaseOptions> database,
    IOptions<ReferenceDataOptions> referenceData,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await InitializeAsync(cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            var target = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
            throw new DatabaseStartupException(
                $"Cannot use the database at {target.Host}:{target.Port}/{target.Database}: {ex.Message.Split('\n')[0]} (check ConnectionStrings__TaoLens, or unset it to use the embedded database).", ex);
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TaoLensDbContext>();
        if (database.Value.MigrateOnStartup)
        {
            await MigrateAsync(db, cancellationToken);
        }
        else
        {
            var pending = await PendingMigrationsAsync(db, cancellationToken);
            if (pending.Count > 0)
            {
                throw new DatabaseStartupException(
                    $"The database schema is {pending.Count} migration(s) behind ({pending[^1]}): run 'TaoLens.Web migrate', or set Database__MigrateOnStartup=true.");
            }
        }

        if (referenceData.Value.Enabled)
        {
            await scope.ServiceProvider.GetRequiredService<ReferenceDataLoader>().LoadIfEmptyAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Applies pending migrations (the <c>migrate</c> verb and start-up both come here).</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await MigrateAsync(scope.ServiceProvider.GetRequiredService<TaoLensDbContext>(), cancellationToken);
    }

    // Asking a brand-new database for applied migrations logs a failed query; check for the history table first.
    private static async Task<List<string>> PendingMigrationsAsync(TaoLensDbContext db, CancellationToken cancellationToken) =>
        await db.Database.SqlQueryRaw<bool>($"SELECT to_regclass('{TaoLensDbContext.MigrationsHistoryTable}') IS NOT NULL AS \"Value\"").SingleAsync(cancellationToken)
            ? (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList()
            : db.Database.GetMigrations().ToList();

    private async Task MigrateAsync(TaoLensDbContext db, CancellationToken cancellationToken)
    {
        var pending = await PendingMigrationsAsync(db, cancellationToken);
        if (pending.Count == 0)
        {
            return;
        }

        logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        // On a brand-new database EF logs one failed read of the history table before creating it (npgsql/efcore.pg#3407): harmless.
        await db.Database.MigrateAsync(cancellationToken);
    }
}
