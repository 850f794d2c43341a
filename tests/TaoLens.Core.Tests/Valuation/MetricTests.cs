using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

public sealed class MetricTests
{
    [Fact]
    public void A_point_value_has_equal_bounds()
    {
        var metric = Metric.Of(21.7m);

        Assert.True(metric.IsPoint);
        Assert.Equal(21.7m, metric.Low);
        Assert.Equal(21.7m, metric.High);
        Assert.True(metric.TryGetRange(out var range));
        Assert.Equal(Range3.Point(21.7m), range);
    }

    [Fact]
    public void A_missing_metric_has_no_numbers_at_all()
    {
        var metric = Metric.Missing(MissingReason.StaleRevenue);

        Assert.False(metric.HasValue);
        Assert.Null(metric.Low);
        Assert.Null(metric.Base);
        Assert.Null(metric.High);
        Assert.False(metric.TryGetRange(out _));
        Assert.Equal("n/a (StaleRevenue)", metric.ToString());
    }

    [Fact]
    public void An_unset_metric_reads_as_missing_not_as_a_valid_zero()
    {
        Metric unset = default;
        var slot = (new Metric[1])[0];

        Assert.False(unset.HasValue);
        Assert.False(slot.HasValue);
        Assert.Equal(MissingReason.Unset, unset.Reason);
        Assert.Equal(MissingReason.Unset, slot.Reason);
        Assert.Null(unset.Base);
        Assert.False(unset.IsPoint);
        Assert.NotEqual(Metric.Of(0m), unset);
        Assert.Equal(Metric.Missing(MissingReason.Unset), unset);
        Assert.Equal("n/a (Unset)", unset.ToString());
    }

    [Fact]
    public void An_open_range_has_no_high_bound()
    {
        var metric = Metric.AtLeast(5m, 10m);

        Assert.True(metric.IsHighUnbounded);
        Assert.Null(metric.High);
        Assert.False(metric.TryGetRange(out _));
        Assert.Equal("5 / 10 / open", metric.ToString());
    }

    [Fact]
    public void Notes_can_be_added_but_openness_cannot()
    {
        var metric = Metric.Of(1m).WithNotes(MetricNotes.WindowHasGaps | MetricNotes.HighUnbounded);

        Assert.Equal(MetricNotes.WindowHasGaps, metric.Notes);
        Assert.False(metric.IsHighUnbounded);
    }

    [Fact]
    public void A_series_is_read_back_by_day()
    {
        var series = ValuationEngine.Compute(
            new ValuationInput { SubnetDays = [TestData.Day(1, TestData.Today)], MarketDays = [TestData.Market(TestData.Today)] },
            TestData.Today,
            TestData.Today).Subnet(1)!.TaoSideTaoPerDay;

        Assert.Equal(288m, series.At(TestData.Today).Base);
        Assert.Equal(TestData.Today, series.DayAt(0));
        Assert.Equal(288m, Assert.Single(series).Base);
    }
}
