using System.Globalization;
using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

public sealed class ScenarioTests
{
    [Theory]
    [InlineData("0", "1")]
    [InlineData("10499999.999999999", "1")]
    [InlineData("10500000", "0.5")]
    [InlineData("15749999.999999999", "0.5")]
    [InlineData("15750000", "0.25")]
    [InlineData("18375000", "0.125")]
    public void Block_emission_halves_at_10_5M_15_75M_and_18_375M_issued(string issued, string emission) =>
        Assert.Equal(decimal.Parse(emission, CultureInfo.InvariantCulture), Halving.BlockEmission(decimal.Parse(issued, CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(5_000_000, 10_500_000)]
    [InlineData(12_000_000, 15_750_000)]
    [InlineData(16_000_000, 18_375_000)]
    public void The_next_halving_issuance_follows_the_schedule(double issued, double next) =>
        Assert.Equal((decimal)next, Halving.NextHalvingIssuance((decimal)issued));

    [Fact]
    public void Growth_too_large_for_a_decimal_is_out_of_range_not_an_exception()
    {
        // $1e20 subsidy over $0.0000001 revenue is 1e27x; over one year (1e27 − 1) × 100 ≈ 1e29 %, beyond decimal's 7.9e28.
        var subsidy = Metric.Of(100_000_000_000_000_000_000m);
        var revenue = Metric.Of(0.0000001m);
        var growth = Scenarios.GrowthNeededPercent(subsidy, revenue, years: 1);
        // The same ratio over ten years is 1e27^(1/10) = 10^2.7 = 501.187…, so (501.187… − 1) × 100 = 50,018.72% a year.
        var tenYears = Scenarios.GrowthNeededPercent(subsidy, revenue, years: 10);
        // A range whose high end overflows fails the figure too: a low and base alone would understate it.
        var rangeHigh = Scenarios.GrowthNeededPercent(Metric.Of(1m, 10m, 1_000_000_000_000_000_000_000_000m), Metric.Of(0.001m), years: 1);

        Assert.Equal(MissingReason.OutOfRange, growth.Reason);
        Assert.Equal(50_018.72m, decimal.Round(tenYears.Base!.Value, 2));
        Assert.Equal(MissingReason.OutOfRange, rangeHigh.Reason);
    }

    [Fact]
    public void Subsidy_after_the_next_halving_is_half()
    {
        var after = Scenarios.AfterNextHalving(Metric.Of(40m, 52_000_000m, 60_000_000m));

        Assert.Equal(20m, after.Low);
        Assert.Equal(26_000_000m, after.Base);
        Assert.Equal(30_000_000m, after.High);
    }

    [Fact]
    public void Tao_outlook_at_11M_issued_is_0_5_per_block_with_the_next_halving_at_15_75M()
    {
        var outlook = Scenarios.TaoHalving(TestData.Market(TestData.Today));

        Assert.Equal(0.5m, outlook.BlockEmission.Base);
        Assert.Equal(15_750_000m, outlook.NextHalvingAtIssuance.Base);

        // 4.75M TAO to go at 3,600 TAO a day, to the hundredth of a day.
        Assert.Equal(1_319.44m, outlook.DaysUntil.Base);
    }

    [Fact]
    public void Tao_outlook_reads_circulating_supply_when_the_source_reports_the_21M_cap_as_total_supply()
    {
        // Taostats' price sample of 2025-11-20: total_supply 21,000,000 (the cap), circulating 10,340,832.6260981.
        var day = new MarketDay(TestData.Today) { PriceUsd = 322m, TotalSupply = 21_000_000m, CirculatingSupply = 10_340_832.6260981m };

        var outlook = Scenarios.TaoHalving(day);

        // Below 10.5M issued the block emission is still 1 TAO and the next halving is the first, at 10.5M.
        Assert.Equal(1m, outlook.BlockEmission.Base);
        Assert.Equal(10_500_000m, outlook.NextHalvingAtIssuance.Base);
    }

    [Fact]
    public void Tao_outlook_needs_issuance()
    {
        Assert.Equal(MissingReason.NoMarketData, Scenarios.TaoHalving(new MarketDay(TestData.Today) { PriceUsd = 400m }).NextHalvingAtIssuance.Reason);
    }

    [Fact]
    public void Alpha_outlook_runs_on_the_subnets_own_issuance()
    {
        // 4M alpha issued; 3 alpha a block (1 out + 2 in) is 21,600 a day; 6.5M to go.
        var outlook = Scenarios.AlphaHalving(TestData.Day(1, TestData.Today));

        Assert.Equal(1m, outlook.BlockEmission.Base);
        Assert.Equal(10_500_000m, outlook.NextHalvingAtIssuance.Base);
        Assert.Equal(300.93m, outlook.DaysUntil.Base);
    }

    [Fact]
    public void Templar_needs_about_179_percent_revenue_growth_a_year_to_cover_its_subsidy_in_three_years()
    {
        var growth = Scenarios.GrowthNeededPercent(Metric.Of(52_000_000m), Metric.Of(2_400_000m), years: 3);

        // (52 / 2.4)^(1/3) − 1 = 1.78782.
        Assert.Equal(178.78m, decimal.Round(growth.Base!.Value, 2));
    }

    [Fact]
    public void Revenue_that_already_covers_the_subsidy_needs_negative_growth()
    {
        var growth = Scenarios.GrowthNeededPercent(Metric.Of(1_000_000m), Metric.Of(2_000_000m), years: 1);

        Assert.Equal(-50m, growth.Base);
    }

    [Fact]
    public void Growth_needed_ranges_follow_the_multiples_range()
    {
        var growth = Scenarios.GrowthNeededPercent(Metric.Of(4_000_000m), Metric.Of(1_000_000m, 2_000_000m, 4_000_000m), years: 1);

        Assert.Equal(0m, growth.Low);
        Assert.Equal(100m, growth.Base);
        Assert.Equal(300m, growth.High);
    }

    [Fact]
    public void Growth_needed_without_revenue_has_a_reason()
    {
        Assert.Equal(MissingReason.DivisionByZero, Scenarios.GrowthNeededPercent(Metric.Of(1m), Metric.Of(0m), 3).Reason);
    }

    [Fact]
    public void Once_the_whole_supply_is_issued_there_is_no_next_halving()
    {
        var day = TestData.Day(1, TestData.Today) with { AlphaInPoolRao = 1_000_000_000_000_000, AlphaOutstandingRao = 20_000_000_000_000_000 };

        var outlook = Scenarios.AlphaHalving(day);

        Assert.Equal(0m, outlook.BlockEmission.Base);
        Assert.Equal(MissingReason.SupplyExhausted, outlook.NextHalvingAtIssuance.Reason);
        Assert.Equal(MissingReason.SupplyExhausted, outlook.DaysUntil.Reason);
    }

    [Fact]
    public void Alpha_outlook_without_emission_figures_has_no_days_estimate()
    {
        var outlook = Scenarios.AlphaHalving(TestData.Day(1, TestData.Today) with { AlphaInEmissionRao = null });

        Assert.Equal(10_500_000m, outlook.NextHalvingAtIssuance.Base);
        Assert.Equal(MissingReason.NoEmissionData, outlook.DaysUntil.Reason);
    }
}
