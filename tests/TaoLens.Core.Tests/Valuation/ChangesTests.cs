using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

public sealed class ChangesTests
{
    [Fact]
    public void A_rise_is_the_difference_of_the_bases_and_its_percent_of_the_earlier_base()
    {
        // $52M a year this week against $48M last week: +$4M, 4 / 48 × 100 = 8.333…%.
        var change = Changes.Between(Metric.Of(52_000_000m), Metric.Of(48_000_000m));

        Assert.Equal(4_000_000m, change.Absolute.Base);
        Assert.Equal(4_000_000m * 100m / 48_000_000m, change.Percent.Base);
        Assert.Equal(8.33m, Math.Round(change.Percent.Base!.Value, 2));
    }

    [Fact]
    public void A_fall_reads_negative_even_from_a_negative_base()
    {
        // Earnings from −$10M to −$15M: −$5M, −50% (a fall, though the value's magnitude grew).
        var change = Changes.Between(Metric.Of(-15_000_000m), Metric.Of(-10_000_000m));

        Assert.Equal(-5_000_000m, change.Absolute.Base);
        Assert.Equal(-50m, change.Percent.Base);
    }

    [Fact]
    public void Ranges_are_compared_by_their_bases_only()
    {
        var change = Changes.Between(Metric.Of(18m, 20m, 25m), Metric.Of(9m, 10m, 30m));

        Assert.True(change.Absolute.IsPoint);
        Assert.Equal(10m, change.Absolute.Base);
        Assert.Equal(100m, change.Percent.Base);
    }

    [Fact]
    public void A_missing_day_makes_the_change_missing_with_the_later_days_reason_first()
    {
        var bothMissing = Changes.Between(Metric.Missing(MissingReason.NoRevenueData), Metric.Missing(MissingReason.NoSnapshot));
        var weekAgoMissing = Changes.Between(Metric.Of(5m), Metric.Missing(MissingReason.WindowIncomplete));

        Assert.Equal(MissingReason.NoRevenueData, bothMissing.Absolute.Reason);
        Assert.Equal(MissingReason.NoRevenueData, bothMissing.Percent.Reason);
        Assert.Equal(MissingReason.WindowIncomplete, weekAgoMissing.Absolute.Reason);
        Assert.Null(weekAgoMissing.Percent.Base);
    }

    [Fact]
    public void From_zero_the_change_has_an_amount_but_no_percent()
    {
        var change = Changes.Between(Metric.Of(3m), Metric.Of(0m));

        Assert.Equal(3m, change.Absolute.Base);
        Assert.Equal(MissingReason.DivisionByZero, change.Percent.Reason);
    }

    [Fact]
    public void Notes_of_either_day_carry_over_but_an_open_high_end()
    {
        var now = Metric.AtLeast(2_000m, 2_500m).WithNotes(MetricNotes.ImmaterialRevenue);
        var before = Metric.Of(1_000m).WithNotes(MetricNotes.WindowHasGaps);

        var change = Changes.Between(now, before);

        Assert.Equal(MetricNotes.ImmaterialRevenue | MetricNotes.WindowHasGaps, change.Absolute.Notes);
        Assert.Equal(MetricNotes.ImmaterialRevenue | MetricNotes.WindowHasGaps, change.Percent.Notes);
        Assert.Equal(150m, change.Percent.Base);
    }

    [Fact]
    public void A_change_beyond_decimals_range_is_out_of_range_not_an_exception()
    {
        var change = Changes.Between(Metric.Of(decimal.MaxValue), Metric.Of(-1m));

        Assert.Equal(MissingReason.OutOfRange, change.Absolute.Reason);
    }
}
