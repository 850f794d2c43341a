using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Subnets;

/// <summary>
/// One leaderboard row: a subnet's subsidy against its external revenue, as of the latest day. The annualised subsidy and
/// subsidy-to-revenue are the side named in <see cref="Side"/> (<c>tao</c> or <c>alpha</c>); TAO per day is always the TAO side.
/// </summary>
public sealed record SubnetRow(
    int Netuid,
    string? Name,
    string? Symbol,
    bool IsReferenceData,
    Figure TaoPerDay,
    Figure AnnualisedSubsidyUsd,
    Figure AnnualisedRevenueUsd,
    DateOnly? RevenueAsOf,
    string? RevenueSourceKind,
    bool RevenueStale,
    Figure SubsidyToRevenue,
    Figure PriceToSales,
    Figure AlphaMarketCapUsd,
    string Side = "tao")
{
    /// <summary>The first day of the subnet's history when it began inside the loaded data (docs/metrics.md, "Whole-network totals").</summary>
    public DateOnly? RegisteredOn { get; init; }

    /// <summary>Row notes as camelCase codes: <c>registeredInWindow</c> when the subnet was registered inside the window (<see cref="RegistrationNote"/>).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The shorter window's figures when the asked window is not covered yet; null otherwise.</summary>
    public WindowFallback? Fallback { get; init; }

    /// <summary>Every subnet's row of a computed latest valuation, subsidy on <paramref name="side"/>.</summary>
    public static IReadOnlyList<SubnetRow> AllFrom(LatestValuation latest, SubsidySide side)
    {
        ArgumentNullException.ThrowIfNull(latest);
        return [.. latest.Subnets.Select(label => From(latest, label, side))];
    }

    /// <summary>One subnet's row of a computed latest valuation.</summary>
    public static SubnetRow From(LatestValuation latest, SubnetLabel label, SubsidySide side)
    {
        ArgumentNullException.ThrowIfNull(latest);
        ArgumentNullException.ThrowIfNull(label);
        var sideText = ValuationParameters.SideText(side);
        if (latest.AsOf is not { } asOf || latest.Result?.Subnet(label.Netuid) is not { } series)
        {
            var none = Figure.From(Metric.Missing(MissingReason.NoSnapshot));
            return new SubnetRow(label.Netuid, label.Name, label.Symbol, label.IsReferenceData, none, none, none, null, null, false, none, none, none, sideText);
        }

        var v = series.At(asOf);
        var sided = v.For(side);
        return new SubnetRow(label.Netuid, label.Name, label.Symbol, label.IsReferenceData,
            Figure.From(v.TaoSideTaoPerDay),
            Figure.From(sided.AnnualisedUsd),
            Figure.From(v.Revenue.Annualised),
            v.Revenue.AsOf,
            v.Revenue.SourceType?.ToString(),
            v.Revenue.IsStale,
            Figure.From(sided.SubsidyToRevenue),
            Figure.From(v.PriceToSales),
            Figure.From(v.MarketCapUsd),
            sideText)
        {
            RegisteredOn = series.RegisteredOn,
            Notes = RegistrationNote.Applies(series.RegisteredOn, asOf, latest.Options) ? [RegistrationNote.Code] : [],
            Fallback = WindowFallback.For(latest, sided.AnnualisedUsd, (r, day) => r.Subnet(label.Netuid) is { } s
                ? (s.For(side).AnnualisedUsd[s.TaoSideTaoPerDay.IndexOf(day)], s.For(side).SubsidyToRevenue[s.TaoSideTaoPerDay.IndexOf(day)])
                : null),
        };
    }
}

/// <summary>Every subnet's row for a window and side.</summary>
public sealed class SubnetsQuery(ValuationQuery valuation)
{
    public async Task<IReadOnlyList<SubnetRow>> RowsAsync(int windowDays, SubsidySide side, CancellationToken cancellationToken = default) =>
        SubnetRow.AllFrom(await valuation.LatestAsync(new ValuationOptions { WindowDays = windowDays }, cancellationToken), side);
}
