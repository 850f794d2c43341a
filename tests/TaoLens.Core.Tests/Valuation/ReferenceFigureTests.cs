using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

/// <summary>The hand-checkable claims in shared/data/reference-figures.csv (Gate news, March 2026).</summary>
public sealed class ReferenceFigureTests
{
    [Fact]
    public void Templar_52M_subsidy_over_2_4M_revenue_is_21_7x()
    {
        var ratio = Multiples.SubsidyToRevenue(Metric.Of(52_000_000m), Metric.Of(2_400_000m));

        Assert.True(ratio.IsPoint);
        Assert.Equal(21.7m, decimal.Round(ratio.Base!.Value, 1));
    }

    [Fact]
    public void Templar_revenue_covers_4_6_percent_of_its_subsidy()
    {
        var coverage = Multiples.CoveragePercent(Metric.Of(52_000_000m), Metric.Of(2_400_000m));

        Assert.Equal(4.6m, decimal.Round(coverage.Base!.Value, 1));
    }

    [Fact]
    public void Templar_earnings_are_minus_49_6M()
    {
        var earnings = Multiples.EarningsUsd(Metric.Of(52_000_000m), Metric.Of(2_400_000m));

        Assert.Equal(-49_600_000m, earnings.Base);
    }

    [Fact]
    public void Three_billion_market_cap_over_20M_to_50M_revenue_is_150x_to_60x()
    {
        // Revenue 20M–50M with no base: the base is the midpoint, 35M. A multiple's low comes from revenue's high.
        var revenue = RevenueResolver.AnnualiseEntry(TestData.RunRate(1, null, TestData.Today, null, 20_000_000m, 50_000_000m));

        var multiple = Multiples.PriceToSales(Metric.Of(3_000_000_000m), revenue);

        Assert.Equal(60m, multiple.Low);
        Assert.Equal(85.7m, decimal.Round(multiple.Base!.Value, 1));
        Assert.Equal(150m, multiple.High);
    }

    [Fact]
    public void Market_cap_range_2_6B_to_3_6B_over_20M_to_50M_revenue_is_52x_to_180x()
    {
        var multiple = Multiples.PriceToSales(
            Metric.Of(2_600_000_000m, 3_000_000_000m, 3_600_000_000m),
            Metric.Of(20_000_000m, 35_000_000m, 50_000_000m));

        Assert.Equal(52m, multiple.Low);
        Assert.Equal(180m, multiple.High);
    }

    [Fact]
    public void Network_claim_of_20M_to_50M_against_a_3B_market_cap_gives_60x_to_150x_in_the_engine()
    {
        var day = TestData.Today;
        var from = ValuationEngine.FirstInputDay(day, ValuationOptions.Default);
        var market = Enumerable.Range(0, 30)
            .Select(i => new MarketDay(from.AddDays(i)) { PriceUsd = 300m, MarketCapUsd = 3_000_000_000m, FullyDilutedValuationUsd = 6_300_000_000m })
            .ToArray();
        var input = new ValuationInput
        {
            MarketDays = market,
            RevenueEntries = [TestData.RunRate(1, null, new DateOnly(2026, 3, 1), null, 20_000_000m, 50_000_000m)],
        };

        var network = ValuationEngine.Compute(input, day, day).Network.At(day);

        Assert.Equal(RevenueBasis.RunRate, network.ClaimedRevenue.Basis);
        Assert.Equal(60m, network.MarketCapToClaimedRevenue.Low);
        Assert.Equal(150m, network.MarketCapToClaimedRevenue.High);
        Assert.Equal(126m, network.FullyDilutedToClaimedRevenue.Low);
        Assert.Equal(315m, network.FullyDilutedToClaimedRevenue.High);
    }
}
