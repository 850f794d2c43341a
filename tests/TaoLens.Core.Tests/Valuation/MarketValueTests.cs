using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

public sealed class MarketValueTests
{
    private static readonly DateOnly D = TestData.Today;

    [Fact]
    public void Subnet_market_cap_is_alpha_price_times_alpha_in_pool_plus_outstanding_times_tao_price()
    {
        // 0.02 TAO × (1M + 3M alpha) × $400.
        var cap = MarketValue.SubnetMarketCapUsd(TestData.Day(1, D), Metric.Of(400m));

        Assert.Equal(32_000_000m, cap.Base);
    }

    [Fact]
    public void Subnet_fully_diluted_value_uses_21M_alpha()
    {
        var fdv = MarketValue.SubnetFullyDilutedUsd(TestData.Day(1, D), Metric.Of(400m));

        Assert.Equal(168_000_000m, fdv.Base);
    }

    [Fact]
    public void Subnet_price_to_sales_divides_market_cap_by_annual_revenue()
    {
        var cap = MarketValue.SubnetMarketCapUsd(TestData.Day(1, D), Metric.Of(400m));

        var multiple = Multiples.PriceToSales(cap, Metric.Of(1_600_000m));

        Assert.Equal(20m, multiple.Base);
    }

    [Fact]
    public void Unknown_pool_sizes_give_no_market_cap()
    {
        var day = TestData.Day(1, D) with { AlphaOutstandingRao = null };

        Assert.Equal(MissingReason.NoPoolData, MarketValue.SubnetMarketCapUsd(day, Metric.Of(400m)).Reason);
        Assert.Null(MarketValue.AlphaIssued(day));
    }

    [Fact]
    public void Alpha_issued_is_pool_plus_outstanding_in_whole_alpha()
    {
        Assert.Equal(4_000_000m, MarketValue.AlphaIssued(TestData.Day(1, D)));
    }

    [Fact]
    public void Tao_market_cap_prefers_the_sources_figure_then_price_times_circulating_supply()
    {
        var reported = TestData.Market(D) with { MarketCapUsd = 4_500_000_000m };

        Assert.Equal(4_500_000_000m, MarketValue.TaoMarketCapUsd(reported, ValuationOptions.Default).Base);
        Assert.Equal(4_400_000_000m, MarketValue.TaoMarketCapUsd(TestData.Market(D), ValuationOptions.Default).Base);
    }

    [Fact]
    public void Tao_fully_diluted_value_is_price_times_21M_without_a_source_figure()
    {
        Assert.Equal(8_400_000_000m, MarketValue.TaoFullyDilutedUsd(TestData.Market(D), ValuationOptions.Default).Base);
    }

    [Fact]
    public void A_day_without_market_data_has_no_market_cap()
    {
        Assert.Equal(MissingReason.NoPrice, MarketValue.TaoMarketCapUsd(null, ValuationOptions.Default).Reason);
        Assert.Equal(MissingReason.NoMarketData, MarketValue.TaoMarketCapUsd(new MarketDay(D) { PriceUsd = 400m }, ValuationOptions.Default).Reason);
    }

    [Fact]
    public void A_price_override_turns_market_caps_into_ranges()
    {
        var options = ValuationOptions.Default with { TaoPriceUsdOverride = new Range3(200m, 300m, 400m) };

        var cap = MarketValue.TaoMarketCapUsd(TestData.Market(D), options);

        Assert.Equal(2_200_000_000m, cap.Low);
        Assert.Equal(3_300_000_000m, cap.Base);
        Assert.Equal(4_400_000_000m, cap.High);
    }
}
