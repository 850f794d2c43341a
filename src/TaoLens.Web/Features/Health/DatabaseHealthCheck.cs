using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TaoLens.Data;

namespace TaoLens.Web.Features.Health;

/// <summary>
/// The database answers a query. Not the EF Core package's DbContext check: that one waits for Npgsql to honour the
/// timeout, and Npgsql's cancellation waits on the server, which a frozen database never answers.
/// </summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<TaoLensDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await HealthTimeout.WithinAsync(QueryAsync(cancellationToken), cancellationToken);
        return HealthCheckResult.Healthy();
    }

    // A round trip, not only an open: a pooled connection opens without touching the server.
    private async Task QueryAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\"").SingleAsync(cancellationToken);
    }
}

internal static class HealthTimeout
{
    /// <summary>
    /// Stops waiting for <paramref name="work"/> when the check's timeout cancels <paramref name="cancellationToken"/>;
    /// the work owns its context and connection, so it can be left to fail on its own.
    /// </summary>
    public static async Task WithinAsync(Task work, CancellationToken cancellationToken)
    {
        _ = work.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        await work.WaitAsync(cancellationToken);
    }

    public static async Task<T> WithinAsync<T>(Task<T> work, CancellationToken cancellationToken)
    {
        _ = work.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return await work.WaitAsync(cancellationToken);
    }
}
