namespace TaoLens.Core.Valuation;

/// <summary>The figures that exist once per subsidy side (docs/metrics.md): pages say which side they show.</summary>
public sealed record SidedValuation(
    SubsidySide Side,
    Metric DailyUsd,
    Metric AnnualisedUsd,
    Metric SubsidyToRevenue,
    Metric CoveragePercent,
    Metric EarningsUsd,
    Metric AfterNextHalvingUsd,
    Metric GrowthNeededPercent);

/// <summary>Every metric of one subnet on one day.</summary>
public sealed record SubnetValuation
{
    public required int Netuid { get; init; }

    public required DateOnly Day { get; init; }

    /// <summary>TAO side in TAO per day (no price needed).</summary>
    public required Metric TaoSideTaoPerDay { get; init; }

    /// <summary>TAO side in TAO per year, annualised over the window.</summary>
    public required Metric AnnualisedTaoSideTao { get; init; }

    public required SidedValuation TaoSide { get; init; }

    public required SidedValuation AlphaSide { get; init; }

    /// <summary>The annualised alpha side split into owner, miners and validators (USD per year).</summary>
    public required AlphaSplit AnnualisedAlphaSplit { get; init; }

    public required ResolvedRevenue Revenue { get; init; }

    /// <summary>The TAO price (USD per TAO) the subnet's USD figures used that day.</summary>
    public required Metric TaoPriceUsd { get; init; }

    /// <summary>Alpha price in TAO per alpha.</summary>
    public required Metric AlphaPriceTao { get; init; }

    /// <summary>Alpha price in USD per alpha: alpha price × TAO price.</summary>
    public required Metric AlphaPriceUsd { get; init; }

    public required Metric MarketCapUsd { get; init; }

    public required Metric FullyDilutedUsd { get; init; }

    public required Metric PriceToSales { get; init; }

    /// <summary>Fully diluted value / revenue: a weak figure (docs/metrics.md).</summary>
    public required Metric FullyDilutedPriceToSales { get; init; }

    public required HalvingOutlook AlphaHalving { get; init; }

    public SidedValuation For(SubsidySide side) => side == SubsidySide.TaoSide ? TaoSide : AlphaSide;
}

/// <summary>Every network-wide metric on one day.</summary>
public sealed record NetworkValuation
{
    public required DateOnly Day { get; init; }

    public required Metric TaoPriceUsd { get; init; }

    public required Metric TaoMarketCapUsd { get; init; }

    public required Metric TaoFullyDilutedUsd { get; init; }

    /// <summary>Sum over subnets of the TAO side in TAO per day.</summary>
    public required Metric TaoSideTaoPerDay { get; init; }

    /// <summary>Sum over subnets of the annualised TAO side in TAO per year.</summary>
    public required Metric AnnualisedTaoSideTao { get; init; }

    /// <summary>Network totals and multiples, TAO side: total subsidy over total known external revenue.</summary>
    public required SidedValuation TaoSide { get; init; }

    public required SidedValuation AlphaSide { get; init; }

    /// <summary>Sum of the subnets' usable (non-stale) annualised external revenue.</summary>
    public required Metric KnownRevenueUsd { get; init; }

    public required int SubnetsWithRevenue { get; init; }

    /// <summary>Share (%) of the network's annualised TAO-side subsidy going to subnets with known revenue.</summary>
    public required Metric RevenueCoverageSharePercent { get; init; }

    /// <summary>TAO market cap / known revenue.</summary>
    public required Metric MarketCapToRevenue { get; init; }

    /// <summary>TAO fully diluted value / known revenue.</summary>
    public required Metric FullyDilutedToRevenue { get; init; }

    /// <summary>The latest network-wide revenue claim in the ledger (entries without a netuid).</summary>
    public required ResolvedRevenue ClaimedRevenue { get; init; }

    public required Metric MarketCapToClaimedRevenue { get; init; }

    public required Metric FullyDilutedToClaimedRevenue { get; init; }

    public required HalvingOutlook TaoHalving { get; init; }

    public SidedValuation For(SubsidySide side) => side == SubsidySide.TaoSide ? TaoSide : AlphaSide;
}
