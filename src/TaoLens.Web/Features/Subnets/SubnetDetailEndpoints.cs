using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TaoLens.Core.Text;
using TaoLens.Core.Valuation;
using TaoLens.Data;
using TaoLens.Web.Features.Api;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Subnets;

/// <summary>One revenue ledger entry with its provenance.</summary>
public sealed record RevenueEntryView(
    long Id, string Kind, DateTimeOffset? PeriodStart, DateTimeOffset? PeriodEnd, DateTimeOffset? AsOf,
    decimal? AmountUsd, decimal? LowUsd, decimal? HighUsd, string? ExternalComponents,
    string SourceName, string? SourceUrl, string SourceKind, DateTimeOffset? PublishedAt, string? Note,
    long? CorrectsId, bool IsReferenceData);

public sealed record SubnetDetail(SubnetRow Headline, DateOnly? AsOf, IReadOnlyList<RevenueEntryView> RevenueEntries);

public sealed record SeriesPoint(DateOnly Date, decimal? Low, decimal? Base, decimal? High, string? Reason);

public static class SubnetDetailEndpoints
{
    /// <summary>Longest range one series request may ask for.</summary>
    public const int MaxRangeDays = 5 * 366;

    public static IEndpointRouteBuilder MapSubnetDetailApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/subnets/{netuid}", async (string netuid, int? window, string? side, ValuationQuery query, IDbContextFactory<TaoLensDbContext> contexts, CancellationToken cancellationToken) =>
            {
                if (!TryNetuid(netuid, out var id, out var problem) || !ApiResults.TryWindow(window, out var days, out problem)
                    || !ApiResults.TrySide(side, out var subsidySide, out problem))
                {
                    return problem!;
                }

                return await LoadAsync(id, new ValuationOptions { WindowDays = days }, query, contexts, cancellationToken, subsidySide) is { } detail
                    ? TypedResults.Ok(detail)
                    : TypedResults.Problem($"There is no subnet {id}.", statusCode: StatusCodes.Status404NotFound, title: "Subnet not found");
            })
            .WithName("GetSubnet")
            .WithSummary("One subnet's headline figures and the revenue entries behind them, with provenance.");

        endpoints.MapGet("/api/v1/subnets/{netuid}/series", async (string netuid, string? metric, string? from, string? to, int? window, string? format,
                ValuationQuery query, CancellationToken cancellationToken) =>
            {
                if (!TryNetuid(netuid, out var id, out var problem) || !ApiResults.TryWindow(window, out var days, out problem) || !ApiResults.TryFormat(format, out var csv, out problem))
                {
                    return problem!;
                }

                if (metric is null || !SubnetMetrics.All.TryGetValue(metric, out var selected))
                {
                    return ApiResults.Invalid("metric", $"metric must be one of: {string.Join(", ", SubnetMetrics.All.Keys)}.");
                }

                if (!TryDate(to, "to", out var toDay, out problem) || !TryDate(from, "from", out var fromDay, out problem))
                {
                    return problem!;
                }

                var end = toDay ?? await query.LatestDayAsync(cancellationToken) ?? DateOnly.FromDateTime(DateTime.UnixEpoch);
                var start = fromDay ?? end.AddDays(-364);
                if (start > end)
                {
                    return ApiResults.Invalid("from", $"from ({start:yyyy-MM-dd}) is after to ({end:yyyy-MM-dd}).");
                }

                if (end.DayNumber - start.DayNumber + 1 > MaxRangeDays)
                {
                    return ApiResults.Invalid("from", $"the range may span at most {MaxRangeDays} days.");
                }

                var series = await query.SubnetSeriesAsync(id, start, end, new ValuationOptions { WindowDays = days }, cancellationToken);
                var points = Points(series is null ? null : selected.Series(series), start, end);
                return csv
                    ? ApiResults.Csv($"subnet-{id}-{metric}.csv", ["date", "low", "base", "high", "reason"], points.Select(p => (IEnumerable<CsvCell>)
                        [CsvCell.Text(p.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), CsvCell.Number(p.Low), CsvCell.Number(p.Base), CsvCell.Number(p.High), CsvCell.Text(p.Reason)]))
                    : TypedResults.Ok(points);
            })
            .WithName("GetSubnetSeries")
            .WithSummary("One engine metric for one subnet as a daily series: [{date, low, base, high, reason}].");
        return endpoints;
    }

    /// <summary>One subnet's headline (subsidy on <paramref name="side"/>) as of the latest day and its ledger entries, newest first; null for an unknown subnet.</summary>
    public static async Task<SubnetDetail?> LoadAsync(int netuid, ValuationOptions options, ValuationQuery query, IDbContextFactory<TaoLensDbContext> contexts, CancellationToken cancellationToken,
        SubsidySide side = SubsidySide.TaoSide)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(contexts);
        var latest = await query.LatestAsync(options, netuid, cancellationToken);
        if (SubnetEndpoints.Rows(latest, side).FirstOrDefault(r => r.Netuid == netuid) is not { } headline)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = await db.RevenueEntries.AsNoTracking().Where(e => e.Netuid == netuid).OrderByDescending(e => e.AsOf ?? e.PeriodEnd).ThenBy(e => e.Id)
            .Select(e => new RevenueEntryView(e.Id, e.Kind.ToString(), e.PeriodStart, e.PeriodEnd, e.AsOf, e.AmountUsd, e.LowUsd, e.HighUsd, e.ExternalComponents,
                e.SourceName, e.SourceUrl, e.SourceKind.ToString(), e.PublishedAt, e.Note, e.CorrectsId, e.IsReferenceData))
            .ToListAsync(cancellationToken);
        return new SubnetDetail(headline, latest.AsOf, entries);
    }

    private static List<SeriesPoint> Points(MetricSeries? series, DateOnly from, DateOnly to)
    {
        var points = new List<SeriesPoint>(to.DayNumber - from.DayNumber + 1);
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var metric = series?.At(day) ?? Metric.Missing(MissingReason.NoSnapshot);
            var figure = Figure.From(metric);
            points.Add(new SeriesPoint(day, figure.Low, figure.Base, figure.High, figure.Reason));
        }

        return points;
    }

    private static bool TryNetuid(string text, out int netuid, out IResult? problem)
    {
        var ok = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out netuid) && netuid <= ushort.MaxValue;
        problem = ok ? null : ApiResults.Invalid("netuid", "netuid must be a whole number from 0 to 65535.");
        return ok;
    }

    private static bool TryDate(string? text, string parameter, out DateOnly? day, out IResult? problem)
    {
        day = null;
        problem = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            day = parsed;
            return true;
        }

        problem = ApiResults.Invalid(parameter, $"{parameter} must be a date written YYYY-MM-DD.");
        return false;
    }
}
