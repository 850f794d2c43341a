using TaoLens.Ingestion;

namespace TaoLens.Web.Features.Ingestion;

public static class IngestionFeature
{
    public static IServiceCollection AddIngestionFeature(this IServiceCollection services)
    {
        services.AddIngestion();
        services.AddScoped<IngestionStatus>();
        return services;
    }

    public static IEndpointRouteBuilder MapIngestionApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/ingestion/runs", async (IngestionStatus status, CancellationToken cancellationToken) =>
                TypedResults.Ok(await status.LoadAsync(cancellationToken)))
            .WithName("GetIngestionRuns")
            .WithSummary("Every source's state (enabled, last success, last error, rows, next run) and the most recent runs.");
        return endpoints;
    }
}
