using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

public sealed class SubsidyTests
{
    private static readonly DateOnly D = TestData.Today;

    [Fact]
    public void Four_hundredths_of_a_tao_per_block_is_288_tao_a_day()
    {
        var tao = Subsidy.TaoSideTaoPerDay(TestData.Day(1, D, taoInRao: 40_000_000));

        Assert.Equal(288m, tao.Base);
    }

    [Fact]
    public void Tao_side_without_an_excess_figure_counts_tao_in_only_and_says_so()
    {
        var tao = Subsidy.TaoSideTaoPerDay(TestData.Day(1, D, excessRao: null));

        Assert.Equal(288m, tao.Base);
        Assert.True(tao.Notes.HasFlag(MetricNotes.ExcessTaoUnknown));
    }

    [Fact]
    public void Tao_side_adds_excess_tao_spent_on_chain_buys_when_known()
    {
        var tao = Subsidy.TaoSideTaoPerDay(TestData.Day(1, D, taoInRao: 40_000_000, excessRao: 10_000_000));

        Assert.Equal(360m, tao.Base);
        Assert.Equal(MetricNotes.None, tao.Notes);
    }

    [Fact]
    public void Tao_side_in_usd_uses_the_same_days_price()
    {
        var usd = Subsidy.TaoSideUsdPerDay(Metric.Of(288m), Metric.Of(400m));

        Assert.Equal(115_200m, usd.Base);
    }

    [Fact]
    public void Alpha_side_is_alpha_out_times_alpha_price_times_tao_price()
    {
        // 1 alpha a block × 7,200 blocks × 0.02 TAO × $400.
        var usd = Subsidy.AlphaSideUsdPerDay(TestData.Day(1, D), Metric.Of(400m));

        Assert.Equal(57_600m, usd.Base);
    }

    [Fact]
    public void Alpha_side_splits_18_percent_to_the_owner_and_41_each_to_miners_and_validators()
    {
        var split = Subsidy.Split(Metric.Of(57_600m));

        Assert.Equal(10_368m, split.Owner.Base);
        Assert.Equal(23_616m, split.Miners.Base);
        Assert.Equal(23_616m, split.Validators.Base);
        Assert.Equal(57_600m, split.Owner.Base + split.Miners.Base + split.Validators.Base);
    }

    [Fact]
    public void A_day_without_a_snapshot_is_a_gap_not_zero()
    {
        Assert.Equal(MissingReason.NoSnapshot, Subsidy.TaoSideTaoPerDay(null).Reason);
        Assert.Equal(MissingReason.NoSnapshot, Subsidy.AlphaSideUsdPerDay(null, Metric.Of(400m)).Reason);
    }

    [Fact]
    public void A_snapshot_without_tao_in_emission_has_no_tao_side()
    {
        var day = TestData.Day(1, D) with { TaoInEmissionRao = null };

        Assert.Equal(MissingReason.NoEmissionData, Subsidy.TaoSideTaoPerDay(day).Reason);
    }

    [Fact]
    public void No_tao_price_that_day_means_no_usd_subsidy_on_either_side()
    {
        var noPrice = MarketValue.TaoPriceUsd(null, ValuationOptions.Default);

        Assert.Equal(MissingReason.NoPrice, noPrice.Reason);
        Assert.Equal(MissingReason.NoPrice, Subsidy.TaoSideUsdPerDay(Metric.Of(288m), noPrice).Reason);
        Assert.Equal(MissingReason.NoPrice, Subsidy.AlphaSideUsdPerDay(TestData.Day(1, D), noPrice).Reason);
    }

    [Fact]
    public void No_alpha_price_means_no_alpha_side()
    {
        var day = TestData.Day(1, D) with { AlphaPriceTao = null };

        Assert.Equal(MissingReason.NoPrice, Subsidy.AlphaSideUsdPerDay(day, Metric.Of(400m)).Reason);
    }

    [Fact]
    public void Daily_tao_is_carried_to_nine_decimal_places()
    {
        // A mean of three snapshots: 1,000,000,000 / 3 rao a block.
        var day = TestData.Day(1, D) with { TaoInEmissionRao = 1_000_000_000m / 3m };

        var tao = Subsidy.TaoSideTaoPerDay(day);

        Assert.Equal(2_400.000000000m, tao.Base);
    }

    [Fact]
    public void A_tao_price_range_gives_a_subsidy_range()
    {
        var price = MarketValue.TaoPriceUsd(TestData.Market(D), ValuationOptions.Default with { TaoPriceUsdOverride = new Range3(200m, 400m, 600m) });

        var usd = Subsidy.TaoSideUsdPerDay(Metric.Of(288m), price);

        Assert.Equal(57_600m, usd.Low);
        Assert.Equal(115_200m, usd.Base);
        Assert.Equal(172_800m, usd.High);
    }
}
