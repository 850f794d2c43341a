using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaoLens.Data.ReferenceData;

namespace TaoLens.Data.Setup;

/// <summary>Brings the database up to date before the app serves: migrations (when enabled), then reference data into an empty database.</summary>
public sealed class DatabaseInitializer(
    IServiceScopeFactory scopes,
    IOptions<DatabaseOptions> database,
    IOptions<ReferenceDataOptions> referenceData,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TaoLensDbContext>();
        if (database.Value.MigrateOnStartup)
        {
            await MigrateAsync(db, cancellationToken);
        }
        else
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                throw new InvalidOperationException(
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

    private async Task MigrateAsync(TaoLensDbContext db, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
    }
}
