using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Subnets;

/// <summary>One day of a series: the figure, why it is missing when it is, and its notes (codes, empty when none).</summary>
public sealed record SeriesPoint(DateOnly Date, decimal? Low, decimal? Base, decimal? High, string? Reason, IReadOnlyList<string> Notes);

/// <summary><c>GET /subnets/{netuid}/series</c>: one engine metric of one subnet, a point a day.</summary>
public sealed class SubnetSeriesQuery(ValuationQuery valuation)
{
    /// <summary>
    /// The range asked for, filled in: up to <paramref name="to"/> or the latest day with data, from
    /// <paramref name="from"/> or a year before that.
    /// </summary>
    public async Task<(DateOnly From, DateOnly To)> RangeAsync(DateOnly? from, DateOnly? to, CancellationToken cancellationToken = default)
    {
        var end = to ?? await valuation.LatestDayAsync(cancellationToken) ?? DateOnly.FromDateTime(DateTime.UnixEpoch);
        return (from ?? end.AddDays(-364), end);
    }

    /// <summary>
    /// One point for every day in [from, to]; days without data carry the reason. Null for a netuid that is not in the
    /// subnets table, answered before anything is computed.
    /// </summary>
    public async Task<IReadOnlyList<SeriesPoint>?> PointsAsync(int netuid, SubnetMetric metric, DateOnly from, DateOnly to, int windowDays, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var (known, series) = await valuation.KnownSubnetSeriesAsync(netuid, from, to, new ValuationOptions { WindowDays = windowDays }, cancellationToken);
        if (!known)
        {
            return null;
        }

        var values = series is null ? null : metric.Series(series);
        var points = new List<SeriesPoint>(to.DayNumber - from.DayNumber + 1);
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var figure = Figure.From(values?.At(day) ?? Metric.Missing(MissingReason.NoSnapshot));
            points.Add(new SeriesPoint(day, figure.Low, figure.Base, figure.High, figure.Reason, figure.Notes));
        }

        return points;
    }
}
