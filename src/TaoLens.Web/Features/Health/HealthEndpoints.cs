using Microsoft.EntityFrameworkCore;
using TaoLens.Data;
using TaoLens.Web.Features.Ingestion;

namespace TaoLens.Web.Features.Health;

/// <summary>Whether the database answers, and how stale each source is.</summary>
public sealed record HealthReport(string Status, bool DatabaseReachable, string? DatabaseError, IReadOnlyList<SourceFreshness> Sources);

public sealed record SourceFreshness(string Source, bool Enabled, DateTimeOffset? LastSuccessAt, double? AgeMinutes, string? LastError);

public static class HealthEndpoints
{
    /// <summary>
    /// <c>/healthz</c>: 200 while the database is reachable (a source being down degrades the data, not the app,
    /// and is reported per source); 503 when the database is not.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", async (IDbContextFactory<TaoLensDbContext> contexts, IngestionStatus status, CancellationToken cancellationToken) =>
            {
                try
                {
                    await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                    await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
                    var overview = await status.LoadAsync(cancellationToken);
                    var sources = overview.Sources
                        .Select(s => new SourceFreshness(s.Source, s.Enabled, s.LastSuccessAt, s.Staleness is { } age ? Math.Round(age.TotalMinutes, 1) : null, s.LastError))
                        .ToList();
                    var degraded = sources.Any(s => s.Enabled && s.LastError is not null);
                    return Results.Ok(new HealthReport(degraded ? "degraded" : "healthy", true, null, sources));
                }
                catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    return Results.Json(new HealthReport("unhealthy", false, ex.Message, []), statusCode: StatusCodes.Status503ServiceUnavailable);
                }
            })
            .WithName("GetHealth")
            .WithSummary("Database reachability and per-source freshness.");
        return endpoints;
    }
}
