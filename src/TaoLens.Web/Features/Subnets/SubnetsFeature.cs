using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TaoLens.Core.Text;
using TaoLens.Web.Api;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Subnets;

/// <summary>The subnets list, one subnet's detail and its series; the subnet page reads the same queries.</summary>
public static class SubnetsFeature
{
    private static readonly string[] s_csvHeader =
    [
        "netuid", "name", "symbol", "reference_data",
        .. Figure.Columns("tao_per_day"), .. Figure.Columns("annualised_subsidy_usd"), .. Figure.Columns("annualised_revenue_usd"),
        "revenue_as_of", "revenue_source_kind", "revenue_stale",
        .. Figure.Columns("subsidy_to_revenue"), .. Figure.Columns("price_to_sales"), .. Figure.Columns("alpha_market_cap_usd"),
        // Which side the subsidy columns are (tao or alpha): after the figures, so the columns before it keep their places.
        "side",
        // Added after side for the same reason: the registration day and row notes, then the fallback window's
        // figures (empty when the asked window is covered).
        "registered_on", "row_notes", "fallback_window_days",
        .. Figure.Columns("fallback_annualised_subsidy_usd"), .. Figure.Columns("fallback_subsidy_to_revenue"),
    ];

    // A row without a fallback: every fallback cell empty.
    private static readonly Figure s_noFallback = new(null, null, null, null);

    public static IServiceCollection AddSubnets(this IServiceCollection services) =>
        services.AddScoped<SubnetsQuery>().AddScoped<SubnetDetailQuery>().AddScoped<SubnetSeriesQuery>();

    public static IEndpointRouteBuilder MapSubnets(this IEndpointRouteBuilder api)
    {
        api.MapGet("/subnets", GetSubnetsAsync)
            .ProducesCsv()
            .WithName("GetSubnets")
            .WithSummary("Every subnet's annualised subsidy (side=tao|alpha, default tao), external revenue (with as-of, source kind, stale flag), multiples and alpha market cap; netuids=3,4,64 keeps only those; window=1|7|30|90 (1: the latest day × 365), with a fallback to a shorter covered window.");
        api.MapGet("/subnets/{netuid}", GetSubnetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetSubnet")
            .WithSummary("One subnet's headline figures and the revenue entries behind them, with provenance (JSON only).");
        api.MapGet("/subnets/{netuid}/series", GetSeriesAsync)
            .ProducesCsv()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetSubnetSeries")
            .WithSummary($"One engine metric for one subnet as a daily series: [{{date, low, base, high, reason, notes}}]; from and to between {ValuationParameters.DayRangeText}.");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<SubnetRow>>, FileContentHttpResult, ValidationProblem>> GetSubnetsAsync(
        string? window, string? format, string? side, string? netuids, SubnetsQuery query, CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters();
        var days = parameters.Window(window);
        var csv = parameters.Csv(format);
        var subsidySide = parameters.Side(side);
        // The overview's watchlist filter, read by the same parser.
        var only = Overview.LeaderboardState.ParseNetuids(netuids, Overview.LeaderboardState.MaxNetuids);
        if (netuids is not null && only is null)
        {
            parameters.Fail("netuids", $"netuids must be 1 to {Overview.LeaderboardState.MaxNetuids} netuids separated by commas.");
        }

        if (parameters.Problem is { } problem)
        {
            return problem;
        }

        var rows = await query.RowsAsync(days, subsidySide, cancellationToken);
        if (only is not null)
        {
            rows = [.. rows.Where(r => only.Contains(r.Netuid))];
        }

        return csv ? CsvFile.Create("subnets.csv", s_csvHeader, rows.Select(Cells)) : TypedResults.Ok(rows);
    }

    private static async Task<Results<Ok<SubnetDetail>, ValidationProblem, ProblemHttpResult>> GetSubnetAsync(
        string netuid, string? window, string? side, string? format, SubnetDetailQuery query, CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters();
        var id = parameters.Netuid(netuid);
        var days = parameters.Window(window);
        var subsidySide = parameters.Side(side);
        parameters.JsonOnly(format);
        if (parameters.Problem is { } problem)
        {
            return problem;
        }

        return await query.LoadAsync(id, days, subsidySide, cancellationToken) is { } detail
            ? TypedResults.Ok(detail)
            : ApiProblems.UnknownSubnet(id);
    }

    private static async Task<Results<Ok<IReadOnlyList<SeriesPoint>>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetSeriesAsync(
        string netuid, string? metric, string? from, string? to, string? window, string? format, SubnetSeriesQuery query, CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters();
        var id = parameters.Netuid(netuid);
        var selected = parameters.OneOf(metric, "metric", SubnetMetrics.All.Keys);
        var fromDay = parameters.Day(from, "from");
        var toDay = parameters.Day(to, "to");
        var days = parameters.Window(window);
        var csv = parameters.Csv(format);
        if (parameters.Problem is { } problem)
        {
            return problem;
        }

        var (start, end) = await query.RangeAsync(fromDay, toDay, cancellationToken);
        if (start > end)
        {
            return QueryParameters.Invalid("from", $"from ({ValuationParameters.Text(start)}) is after to ({ValuationParameters.Text(end)}).");
        }

        if (end.DayNumber - start.DayNumber + 1 > ValuationParameters.MaxRangeDays)
        {
            return QueryParameters.Invalid("from", $"the range may span at most {ValuationParameters.MaxRangeDays} days.");
        }

        if (await query.PointsAsync(id, SubnetMetrics.All[selected!], start, end, days, cancellationToken) is not { } points)
        {
            return ApiProblems.UnknownSubnet(id);
        }

        return csv
            ? CsvFile.Create($"subnet-{id}-{selected}.csv", ["date", "low", "base", "high", "reason", "notes"], points.Select(p => (IEnumerable<CsvCell>)
                [CsvCell.Text(ValuationParameters.Text(p.Date)), CsvCell.Number(p.Low), CsvCell.Number(p.Base), CsvCell.Number(p.High), CsvCell.Text(p.Reason), CsvCell.Text(string.Join(';', p.Notes))]))
            : TypedResults.Ok(points);
    }

    private static IEnumerable<CsvCell> Cells(SubnetRow r) =>
    [
        CsvCell.Number(r.Netuid), CsvCell.Text(r.Name), CsvCell.Text(r.Symbol), CsvCell.Text(r.IsReferenceData ? "true" : "false"),
        .. r.TaoPerDay.Cells(), .. r.AnnualisedSubsidyUsd.Cells(), .. r.AnnualisedRevenueUsd.Cells(),
        CsvCell.Text(r.RevenueAsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), CsvCell.Text(r.RevenueSourceKind), CsvCell.Text(r.RevenueStale ? "true" : "false"),
        .. r.SubsidyToRevenue.Cells(), .. r.PriceToSales.Cells(), .. r.AlphaMarketCapUsd.Cells(), CsvCell.Text(r.Side),
        CsvCell.Text(r.RegisteredOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), CsvCell.Text(string.Join(';', r.Notes)),
        r.Fallback is { } f ? CsvCell.Number(f.WindowDays) : CsvCell.Text(null),
        .. (r.Fallback?.AnnualisedSubsidyUsd ?? s_noFallback).Cells(), .. (r.Fallback?.SubsidyToRevenue ?? s_noFallback).Cells(),
    ];
}
