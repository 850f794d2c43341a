using Microsoft.AspNetCore.Http.HttpResults;
using TaoLens.Core.Text;
using TaoLens.Core.Valuation;
using TaoLens.Web.Api;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Events;

/// <summary>A mechanism change as the API gives it; precision and effects are their names (effects comma-separated).</summary>
public sealed record MechanismEventView(string Key, DateOnly Date, string Precision, string Title, string Description, string Effects, string Source)
{
    public static MechanismEventView From(MechanismEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Key, e.Date, e.Precision.ToString(), e.Title, e.Description, e.Effects.ToString(), e.Source);
    }
}

/// <summary><c>GET /events</c>: the mechanism changes charts mark, JSON or CSV.</summary>
public static class EventsFeature
{
    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder api)
    {
        api.MapGet("/events", Get)
            .ProducesCsv()
            .WithName("GetEvents")
            .WithSummary("Mechanism changes that move the series (dTAO launch, flow-based shares, halvings, …), with how certain each date is.");
        return api;
    }

    private static Results<Ok<IReadOnlyList<MechanismEventView>>, FileContentHttpResult, ValidationProblem> Get(string? format)
    {
        var parameters = new QueryParameters();
        var csv = parameters.Csv(format);
        if (parameters.Problem is { } problem)
        {
            return problem;
        }

        IReadOnlyList<MechanismEventView> events = [.. MechanismEvents.All.Select(MechanismEventView.From)];
        return csv
            ? CsvFile.Create("events.csv", ["key", "date", "precision", "title", "description", "effects", "source"], events.Select(e => (IEnumerable<CsvCell>)
                [CsvCell.Text(e.Key), CsvCell.Text(ValuationParameters.Text(e.Date)), CsvCell.Text(e.Precision), CsvCell.Text(e.Title), CsvCell.Text(e.Description), CsvCell.Text(e.Effects), CsvCell.Text(e.Source)]))
            : TypedResults.Ok(events);
    }
}
