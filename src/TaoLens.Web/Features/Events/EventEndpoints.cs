using TaoLens.Core.Valuation;

namespace TaoLens.Web.Features.Events;

public static class EventEndpoints
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/events", () => TypedResults.Ok(MechanismEvents.All.Select(e => new
            {
                e.Key,
                e.Date,
                Precision = e.Precision.ToString(),
                e.Title,
                e.Description,
                Effects = e.Effects.ToString(),
                e.Source,
            })))
            .WithName("GetEvents")
            .WithSummary("Mechanism changes that move the series (dTAO launch, flow-based shares, halvings, …), with how certain each date is.");
        return endpoints;
    }
}
