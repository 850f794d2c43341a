using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

public sealed class NetworkFiguresTests
{
    [Fact]
    public void A_network_total_adds_the_subnets_with_a_value_and_notes_the_rest()
    {
        var total = NetworkFigures.Total([Metric.Of(1m), Metric.Missing(MissingReason.NoSnapshot), Metric.Of(2m, 3m, 4m)], MissingReason.None);

        Assert.Equal(3m, total.Low);
        Assert.Equal(4m, total.Base);
        Assert.Equal(5m, total.High);
        Assert.True(total.Notes.HasFlag(MetricNotes.SomeSubnetsMissing));
    }

    [Fact]
    public void A_total_with_no_values_is_missing_with_the_stated_or_first_reason()
    {
        Metric[] none = [Metric.Missing(MissingReason.WindowIncomplete), Metric.Missing(MissingReason.NoSnapshot)];

        Assert.Equal(MissingReason.NoRevenueData, NetworkFigures.Total(none, MissingReason.NoRevenueData).Reason);
        Assert.Equal(MissingReason.WindowIncomplete, NetworkFigures.Total(none, MissingReason.None).Reason);
    }

    [Fact]
    public void Revenue_coverage_share_is_the_subsidy_share_of_subnets_with_revenue()
    {
        var share = NetworkFigures.RevenueCoverageSharePercent(
        [
            (Metric.Of(105_120m), true),
            (Metric.Of(157_680m), false),
            (Metric.Missing(MissingReason.WindowIncomplete), true),
        ]);

        Assert.Equal(40m, share.Base);
    }

    [Fact]
    public void Revenue_coverage_share_is_zero_when_no_subnet_has_revenue()
    {
        Assert.Equal(0m, NetworkFigures.RevenueCoverageSharePercent([(Metric.Of(100m), false)]).Base);
    }
}
