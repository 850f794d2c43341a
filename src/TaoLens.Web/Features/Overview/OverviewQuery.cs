using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Network;
using TaoLens.Web.Features.Subnets;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Overview;

/// <summary>
/// The overview page's figures: the network headline and every subnet's row, from one latest valuation.
/// <see cref="WindowLabel"/> is set when the page shows a shorter window than it asked for.
/// </summary>
public sealed record OverviewData(DateOnly? AsOf, int WindowDays, NetworkHeadline Network, IReadOnlyList<SubnetRow> Subnets)
{
    public string? WindowLabel { get; init; }
}

/// <summary>The overview: the same headline and rows as <c>/network</c> and <c>/subnets</c>, computed once for both.</summary>
public sealed class OverviewQuery(ValuationQuery valuation)
{
    public async Task<OverviewData> LoadAsync(SubsidySide side, CancellationToken cancellationToken = default)
    {
        var latest = await valuation.LatestAsync(ValuationOptions.Default, cancellationToken);
        // A page shows the longest covered window rather than a column of n/a (docs/metrics.md, "Fallback window").
        if (latest.LongestCovered() is { } covered)
        {
            return new OverviewData(covered.AsOf, covered.Options.WindowDays, NetworkHeadline.From(covered, side), SubnetRow.AllFrom(covered, side))
            {
                WindowLabel = WindowFallback.Describe(covered.Options.WindowDays, latest.Options.WindowDays, latest.Options.RequiredDaysInWindow),
            };
        }

        return new OverviewData(latest.AsOf, latest.Options.WindowDays, NetworkHeadline.From(latest, side), SubnetRow.AllFrom(latest, side));
    }
}

public static class OverviewFeature
{
    public static IServiceCollection AddOverview(this IServiceCollection services) => services.AddScoped<OverviewQuery>().AddScoped<RevenueWindowQuery>();
}
