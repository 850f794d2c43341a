using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Network;
using TaoLens.Web.Features.Subnets;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Overview;

/// <summary>The overview page's figures: the network headline and every subnet's row, from one latest valuation.</summary>
public sealed record OverviewData(DateOnly? AsOf, int WindowDays, NetworkHeadline Network, IReadOnlyList<SubnetRow> Subnets);

/// <summary>The overview: the same headline and rows as <c>/network</c> and <c>/subnets</c>, computed once for both.</summary>
public sealed class OverviewQuery(ValuationQuery valuation)
{
    public async Task<OverviewData> LoadAsync(SubsidySide side, CancellationToken cancellationToken = default)
    {
        var latest = await valuation.LatestAsync(ValuationOptions.Default, cancellationToken);
        return new OverviewData(latest.AsOf, latest.Options.WindowDays, NetworkHeadline.From(latest, side), SubnetRow.AllFrom(latest, side));
    }
}

public static class OverviewFeature
{
    public static IServiceCollection AddOverview(this IServiceCollection services) => services.AddScoped<OverviewQuery>().AddScoped<RevenueWindowQuery>();
}
