using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

public sealed class MultiplesTests
{
    [Fact]
    public void A_ratios_low_comes_from_the_revenues_high()
    {
        var ratio = Multiples.SubsidyToRevenue(Metric.Of(10_000_000m), Metric.Of(1_000_000m, 2_000_000m, 4_000_000m));

        Assert.Equal(2.5m, ratio.Low);
        Assert.Equal(5m, ratio.Base);
        Assert.Equal(10m, ratio.High);
    }

    [Fact]
    public void A_multiple_above_1000x_or_revenue_under_1000_dollars_a_year_is_noted_immaterial_and_keeps_its_value()
    {
        // $10M / $10,000 = exactly 1,000x: not above the line. $10M / $9,990 = 1,001.001…x: above it.
        var atTheLine = Multiples.SubsidyToRevenue(Metric.Of(10_000_000m), Metric.Of(10_000m));
        var above = Multiples.SubsidyToRevenue(Metric.Of(10_000_000m), Metric.Of(9_990m));
        // $500 / $900 = 0.56x, but $900 a year is immaterial revenue whatever the multiple.
        var smallRevenue = Multiples.SubsidyToRevenue(Metric.Of(500m), Metric.Of(900m));

        Assert.Equal(1_000m, atTheLine.Base);
        Assert.Equal(MetricNotes.None, atTheLine.Notes);
        Assert.Equal(10_000_000m / 9_990m, above.Base);
        Assert.Equal(MetricNotes.ImmaterialRevenue, above.Notes);
        Assert.Equal(500m / 900m, smallRevenue.Base);
        Assert.Equal(MetricNotes.ImmaterialRevenue, smallRevenue.Notes);
        Assert.Equal(MetricNotes.None, Multiples.SubsidyToRevenue(Metric.Of(500m), Metric.Of(1_000m)).Notes);
    }

    [Fact]
    public void A_quotient_beyond_decimal_range_is_out_of_range_not_an_exception()
    {
        // 1e28 / 1e-9 = 1e37, beyond decimal's 7.9e28.
        var ratio = Multiples.PriceToSales(Metric.Of(10_000_000_000_000_000_000_000_000_000m), Metric.Of(0.000000001m));

        Assert.Equal(MissingReason.OutOfRange, ratio.Reason);
    }

    [Fact]
    public void Zero_revenue_makes_the_multiple_missing_not_infinite()
    {
        var ratio = Multiples.SubsidyToRevenue(Metric.Of(10_000_000m), Metric.Of(0m));

        Assert.False(ratio.HasValue);
        Assert.Equal(MissingReason.DivisionByZero, ratio.Reason);
        Assert.Null(ratio.Base);
    }

    [Fact]
    public void Zero_revenue_is_zero_coverage()
    {
        var coverage = Multiples.CoveragePercent(Metric.Of(10_000_000m), Metric.Of(0m));

        Assert.Equal(0m, coverage.Base);
    }

    [Fact]
    public void A_revenue_range_starting_at_zero_leaves_the_multiples_high_open()
    {
        var ratio = Multiples.SubsidyToRevenue(Metric.Of(10_000_000m), Metric.Of(0m, 1_000_000m, 2_000_000m));

        Assert.Equal(5m, ratio.Low);
        Assert.Equal(10m, ratio.Base);
        Assert.Null(ratio.High);
        Assert.True(ratio.IsHighUnbounded);
    }

    [Fact]
    public void Zero_subsidy_makes_coverage_missing_and_the_multiple_zero()
    {
        Assert.Equal(MissingReason.DivisionByZero, Multiples.CoveragePercent(Metric.Of(0m), Metric.Of(1_000_000m)).Reason);
        Assert.Equal(0m, Multiples.SubsidyToRevenue(Metric.Of(0m), Metric.Of(1_000_000m)).Base);
    }

    [Fact]
    public void Coverage_is_the_inverse_of_the_multiple_as_a_percentage()
    {
        var ratio = Multiples.SubsidyToRevenue(Metric.Of(8_000_000m), Metric.Of(2_000_000m));
        var coverage = Multiples.CoveragePercent(Metric.Of(8_000_000m), Metric.Of(2_000_000m));

        Assert.Equal(4m, ratio.Base);
        Assert.Equal(25m, coverage.Base);
    }

    [Fact]
    public void Earnings_range_is_revenue_range_minus_subsidy()
    {
        var earnings = Multiples.EarningsUsd(Metric.Of(5_000_000m), Metric.Of(1_000_000m, 2_000_000m, 3_000_000m));

        Assert.Equal(-4_000_000m, earnings.Low);
        Assert.Equal(-3_000_000m, earnings.Base);
        Assert.Equal(-2_000_000m, earnings.High);
    }

    [Fact]
    public void Missing_inputs_pass_their_reason_on_subsidy_first()
    {
        var noSubsidy = Metric.Missing(MissingReason.WindowIncomplete);
        var noRevenue = Metric.Missing(MissingReason.NoRevenueData);

        Assert.Equal(MissingReason.WindowIncomplete, Multiples.SubsidyToRevenue(noSubsidy, noRevenue).Reason);
        Assert.Equal(MissingReason.WindowIncomplete, Multiples.CoveragePercent(noSubsidy, noRevenue).Reason);
        Assert.Equal(MissingReason.WindowIncomplete, Multiples.EarningsUsd(noSubsidy, noRevenue).Reason);
        Assert.Equal(MissingReason.NoRevenueData, Multiples.SubsidyToRevenue(Metric.Of(1m), noRevenue).Reason);
        Assert.Equal(MissingReason.StaleRevenue, Multiples.PriceToSales(Metric.Of(1m), Metric.Missing(MissingReason.StaleRevenue)).Reason);
    }

    [Fact]
    public void Metrics_reject_disordered_ranges()
    {
        Assert.Throws<ArgumentException>(() => Metric.Of(3m, 2m, 1m));
        Assert.Throws<ArgumentException>(() => new Range3(1m, 3m, 2m));
        Assert.Throws<ArgumentException>(() => Metric.Missing(MissingReason.None));
    }
}
