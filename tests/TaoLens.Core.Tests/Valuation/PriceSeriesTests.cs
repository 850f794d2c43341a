using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

/// <summary>The per-subnet price series (docs/metrics.md §10): TAO price, alpha price in TAO and in USD.</summary>
public sealed class PriceSeriesTests
{
    private static readonly DateOnly To = TestData.Today;
    private static readonly DateOnly From = To.AddDays(-2);

    // SN1 every day from the window's first day: 0.02 TAO per alpha, 1M + 3M alpha issued; TAO at $400.
    private static ValuationInput Input(Func<DateOnly, SubnetDay?>? day = null, Func<DateOnly, MarketDay?>? market = null)
    {
        var first = ValuationEngine.FirstInputDay(From, ValuationOptions.Default);
        var days = Enumerable.Range(0, To.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToArray();
        return new ValuationInput
        {
            SubnetDays = [.. days.Select(d => day is null ? TestData.Day(1, d) : day(d)).OfType<SubnetDay>()],
            MarketDays = [.. days.Select(d => market is null ? TestData.Market(d) : market(d)).OfType<MarketDay>()],
        };
    }

    [Fact]
    public void Alpha_price_in_usd_is_alpha_price_in_tao_times_the_tao_price()
    {
        // 0.0123 TAO × $432.10 = $5.31483.
        var day = TestData.Day(1, To) with { AlphaPriceTao = 0.0123m };

        var usd = MarketValue.AlphaPriceUsd(MarketValue.AlphaPriceTao(day), Metric.Of(432.10m));

        Assert.Equal(5.31483m, usd.Base);
        Assert.True(usd.IsPoint);
    }

    [Fact]
    public void Subnet_series_carry_the_tao_price_the_usd_figures_used_and_the_alpha_price_in_tao_and_usd()
    {
        var sn1 = ValuationEngine.Compute(Input(), From, To).Subnet(1)!;

        Assert.Equal(400m, sn1.TaoPriceUsd.At(To).Base);
        Assert.Equal(0.02m, sn1.AlphaPriceTao.At(To).Base);
        Assert.Equal(8m, sn1.AlphaPriceUsd.At(To).Base);

        // The same prices the other USD figures use: $8 × 4M alpha issued is the $32M market cap.
        Assert.Equal(sn1.MarketCapUsd.At(To).Base, sn1.AlphaPriceUsd.At(To).Base * 4_000_000m);
        Assert.Equal(8m, sn1.At(To).AlphaPriceUsd.Base);
    }

    [Fact]
    public void Without_a_tao_price_the_tao_and_usd_prices_are_missing_but_the_alpha_price_in_tao_is_kept()
    {
        var sn1 = ValuationEngine.Compute(Input(market: d => d == To ? null : TestData.Market(d)), From, To).Subnet(1)!;

        Assert.Equal(MissingReason.NoPrice, sn1.TaoPriceUsd.At(To).Reason);
        Assert.Equal(0.02m, sn1.AlphaPriceTao.At(To).Base);
        Assert.Equal(MissingReason.NoPrice, sn1.AlphaPriceUsd.At(To).Reason);
        Assert.Equal(400m, sn1.TaoPriceUsd.At(From).Base);
    }

    [Fact]
    public void Without_an_alpha_price_both_alpha_prices_are_missing_with_no_price()
    {
        var sn1 = ValuationEngine.Compute(Input(day: d => TestData.Day(1, d) with { AlphaPriceTao = d == To ? null : 0.02m }), From, To).Subnet(1)!;

        Assert.Equal(MissingReason.NoPrice, sn1.AlphaPriceTao.At(To).Reason);
        Assert.Equal(MissingReason.NoPrice, sn1.AlphaPriceUsd.At(To).Reason);
        Assert.Equal(400m, sn1.TaoPriceUsd.At(To).Base);
    }

    [Fact]
    public void A_day_without_a_snapshot_has_no_alpha_price_but_still_has_the_tao_price()
    {
        var sn1 = ValuationEngine.Compute(Input(day: d => d == To ? null : TestData.Day(1, d)), From, To).Subnet(1)!;

        Assert.Equal(MissingReason.NoSnapshot, sn1.AlphaPriceTao.At(To).Reason);
        Assert.Equal(MissingReason.NoSnapshot, sn1.AlphaPriceUsd.At(To).Reason);
        Assert.Equal(400m, sn1.TaoPriceUsd.At(To).Base);
    }

    [Fact]
    public void A_tao_price_range_gives_an_alpha_usd_price_range()
    {
        // 0.02 TAO × $300/$400/$500 = $6/$8/$10.
        var options = ValuationOptions.Default with { TaoPriceUsdOverride = new Range3(300m, 400m, 500m) };

        var sn1 = ValuationEngine.Compute(Input(), From, To, options).Subnet(1)!;

        Assert.Equal((300m, 400m, 500m), (sn1.TaoPriceUsd.At(To).Low, sn1.TaoPriceUsd.At(To).Base, sn1.TaoPriceUsd.At(To).High));
        Assert.Equal((6m, 8m, 10m), (sn1.AlphaPriceUsd.At(To).Low, sn1.AlphaPriceUsd.At(To).Base, sn1.AlphaPriceUsd.At(To).High));
        Assert.True(sn1.AlphaPriceTao.At(To).IsPoint);
    }
}
