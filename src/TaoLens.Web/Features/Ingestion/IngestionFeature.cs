using Microsoft.AspNetCore.Http.HttpResults;
using TaoLens.Ingestion;
using TaoLens.Web.Api;

namespace TaoLens.Web.Features.Ingestion;

public static class IngestionFeature
{
    public static IServiceCollection AddIngestionFeature(this IServiceCollection services)
    {
        services.AddIngestion();
        services.AddScoped<IngestionStatus>();
        return services;
    }

    public static IEndpointRouteBuilder MapIngestion(this IEndpointRouteBuilder api)
    {
        api.MapGet("/ingestion/runs", GetRunsAsync)
            .WithName("GetIngestionRuns")
            .WithSummary("Every source's state (enabled, last success, last error, rows, next run) and the most recent runs (JSON only).");
        return api;
    }

    private static async Task<Results<Ok<IngestionOverview>, ValidationProblem>> GetRunsAsync(string? format, IngestionStatus status, CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters();
        parameters.JsonOnly(format);
        return parameters.Problem is { } problem ? problem : TypedResults.Ok(await status.LoadAsync(cancellationToken));
    }
}
