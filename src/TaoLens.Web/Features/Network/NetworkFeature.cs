using Microsoft.AspNetCore.Http.HttpResults;
using TaoLens.Core.Text;
using TaoLens.Web.Api;

namespace TaoLens.Web.Features.Network;

/// <summary><c>GET /network</c>: the network headline, JSON or CSV.</summary>
public static class NetworkFeature
{
    public static IServiceCollection AddNetwork(this IServiceCollection services) => services.AddScoped<NetworkQuery>();

    public static IEndpointRouteBuilder MapNetwork(this IEndpointRouteBuilder api)
    {
        api.MapGet("/network", GetAsync)
            .ProducesCsv()
            .WithName("GetNetwork")
            .WithSummary("The network headline: TAO market, annualised subsidy (side=tao|alpha, default tao), known external revenue and the multiples, as of the latest complete day; window=1|7|30|90 (1: the latest day × 365), with a fallback to a shorter covered window.");
        return api;
    }

    private static async Task<Results<Ok<NetworkHeadline>, FileContentHttpResult, ValidationProblem>> GetAsync(
        string? window, string? format, string? side, NetworkQuery query, CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters();
        var days = parameters.Window(window);
        var csv = parameters.Csv(format);
        var subsidySide = parameters.Side(side);
        if (parameters.Problem is { } problem)
        {
            return problem;
        }

        var headline = await query.HeadlineAsync(days, subsidySide, cancellationToken);
        // A trailing side column, as in subnets.csv, so a saved file says which side its subsidy rows are.
        return csv
            ? CsvFile.Create("network.csv", ["metric", "low", "base", "high", "reason", "notes", "side"],
                headline.Figures().Select(f => (IEnumerable<CsvCell>)[CsvCell.Text(f.Name), .. f.Figure.Cells(), CsvCell.Text(headline.Side)]))
            : TypedResults.Ok(headline);
    }
}
