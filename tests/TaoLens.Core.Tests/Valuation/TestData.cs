using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

/// <summary>Small builders for hand-computed cases.</summary>
internal static class TestData
{
    public static readonly DateOnly Today = new(2026, 3, 31);

    public static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static DateTimeOffset At(DateOnly day, int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);

    /// <summary>A subnet-day with 0.04 TAO/block injected (288 TAO/day), 1 alpha/block paid out at 0.02 TAO, 1M + 3M alpha issued.</summary>
    public static SubnetDay Day(int netuid, DateOnly day, long taoInRao = 40_000_000, long? excessRao = null) => new(netuid, day)
    {
        TaoInEmissionRao = taoInRao,
        ExcessTaoRao = excessRao,
        AlphaOutEmissionRao = 1_000_000_000,
        AlphaInEmissionRao = 2_000_000_000,
        AlphaInPoolRao = 1_000_000_000_000_000,
        AlphaOutstandingRao = 3_000_000_000_000_000,
        AlphaPriceTao = 0.02m,
        SnapshotCount = 1,
    };

    public static MarketDay Market(DateOnly day, decimal price = 400m) => new(day)
    {
        PriceUsd = price,
        CirculatingSupply = 11_000_000m,
        TotalSupply = 11_000_000m,
    };

    public static RevenueEntryInput RunRate(long id, int? netuid, DateOnly asOf, decimal? amount, decimal? low = null, decimal? high = null) =>
        new(id, netuid, RevenueEntryKind.RunRate, RevenueSourceType.ThirdParty)
        {
            AsOf = Midnight(asOf),
            AmountUsd = amount,
            LowUsd = low,
            HighUsd = high,
        };

    public static RevenueEntryInput Realised(long id, int? netuid, DateOnly start, DateOnly end, decimal amount) =>
        new(id, netuid, RevenueEntryKind.Realised, RevenueSourceType.SelfReported)
        {
            PeriodStart = Midnight(start),
            PeriodEnd = Midnight(end),
            AmountUsd = amount,
        };

    public static Metric[] Window(int days, Func<int, Metric> day) => Enumerable.Range(0, days).Select(day).ToArray();

    public static ValuationOptions Options(int windowDays) => ValuationOptions.Default with { WindowDays = windowDays };

    /// <summary>Every metric of every subnet and of the network, flattened with a name, for whole-result comparisons.</summary>
    public static IEnumerable<(string Name, int Index, Metric Value)> Flatten(ValuationResult result)
    {
        foreach (var subnet in result.Subnets)
        {
            var prefix = $"SN{subnet.Netuid}.";
            foreach (var (name, series) in SubnetSeries(subnet))
            {
                for (var i = 0; i < series.Count; i++)
                {
                    yield return (prefix + name, i, series[i]);
                }
            }
        }

        foreach (var (name, series) in NetworkSeries(result.Network))
        {
            for (var i = 0; i < series.Count; i++)
            {
                yield return ("network." + name, i, series[i]);
            }
        }
    }

    public static IEnumerable<(string Name, MetricSeries Series)> SubnetSeries(SubnetValuationSeries s)
    {
        yield return ("TaoSideTaoPerDay", s.TaoSideTaoPerDay);
        yield return ("AnnualisedTaoSideTao", s.AnnualisedTaoSideTao);
        foreach (var item in Sided(s.TaoSide).Concat(Sided(s.AlphaSide)))
        {
            yield return item;
        }

        yield return ("AlphaOwnerUsd", s.AlphaOwnerUsd);
        yield return ("AlphaMinersUsd", s.AlphaMinersUsd);
        yield return ("AlphaValidatorsUsd", s.AlphaValidatorsUsd);
        yield return ("Revenue", s.Revenue.Annualised);
        yield return ("RevenueLastKnown", s.Revenue.LastKnown);
        yield return ("TaoPriceUsd", s.TaoPriceUsd);
        yield return ("AlphaPriceTao", s.AlphaPriceTao);
        yield return ("AlphaPriceUsd", s.AlphaPriceUsd);
        yield return ("MarketCapUsd", s.MarketCapUsd);
        yield return ("FullyDilutedUsd", s.FullyDilutedUsd);
        yield return ("PriceToSales", s.PriceToSales);
        yield return ("FullyDilutedPriceToSales", s.FullyDilutedPriceToSales);
        yield return ("AlphaBlockEmission", s.AlphaHalving.BlockEmission);
        yield return ("AlphaNextHalving", s.AlphaHalving.NextHalvingAtIssuance);
        yield return ("AlphaDaysToHalving", s.AlphaHalving.DaysUntil);
    }

    public static IEnumerable<(string Name, MetricSeries Series)> NetworkSeries(NetworkValuationSeries n)
    {
        yield return ("TaoPriceUsd", n.TaoPriceUsd);
        yield return ("TaoMarketCapUsd", n.TaoMarketCapUsd);
        yield return ("TaoFullyDilutedUsd", n.TaoFullyDilutedUsd);
        yield return ("TaoSideTaoPerDay", n.TaoSideTaoPerDay);
        yield return ("AnnualisedTaoSideTao", n.AnnualisedTaoSideTao);
        foreach (var item in Sided(n.TaoSide).Concat(Sided(n.AlphaSide)))
        {
            yield return item;
        }

        yield return ("KnownRevenueUsd", n.KnownRevenueUsd);
        yield return ("RevenueCoverageSharePercent", n.RevenueCoverageSharePercent);
        yield return ("MarketCapToRevenue", n.MarketCapToRevenue);
        yield return ("FullyDilutedToRevenue", n.FullyDilutedToRevenue);
        yield return ("ClaimedRevenue", n.ClaimedRevenue.Annualised);
        yield return ("MarketCapToClaimedRevenue", n.MarketCapToClaimedRevenue);
        yield return ("FullyDilutedToClaimedRevenue", n.FullyDilutedToClaimedRevenue);
        yield return ("TaoBlockEmission", n.TaoHalving.BlockEmission);
        yield return ("TaoNextHalving", n.TaoHalving.NextHalvingAtIssuance);
        yield return ("TaoDaysToHalving", n.TaoHalving.DaysUntil);
    }

    private static IEnumerable<(string Name, MetricSeries Series)> Sided(SidedSeries s)
    {
        var side = s.Side.ToString();
        yield return (side + ".DailyUsd", s.DailyUsd);
        yield return (side + ".AnnualisedUsd", s.AnnualisedUsd);
        yield return (side + ".SubsidyToRevenue", s.SubsidyToRevenue);
        yield return (side + ".CoveragePercent", s.CoveragePercent);
        yield return (side + ".EarningsUsd", s.EarningsUsd);
        yield return (side + ".AfterNextHalvingUsd", s.AfterNextHalvingUsd);
        yield return (side + ".GrowthNeededPercent", s.GrowthNeededPercent);
    }
}
