using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

public sealed class MechanismEventsTests
{
    [Fact]
    public void Events_are_in_date_order_with_unique_keys()
    {
        var events = MechanismEvents.All;

        Assert.Equal(events.OrderBy(e => e.Date), events);
        Assert.Equal(events.Length, events.Select(e => e.Key).Distinct().Count());
    }

    [Fact]
    public void The_table_holds_the_dtao_launch_flow_shares_and_the_second_halving()
    {
        var byKey = MechanismEvents.All.ToDictionary(e => e.Key);

        Assert.Equal(new DateOnly(2025, 2, 13), byKey["dtao-launch"].Date);
        Assert.Equal(new DateOnly(2025, 11, 4), byKey["taoflow"].Date);
        Assert.Equal(EventDatePrecision.Projected, byKey["second-halving"].Precision);
    }

    [Fact]
    public void The_first_halving_is_block_7_103_976_on_2025_12_15_at_13_31_utc()
    {
        var halving = MechanismEvents.All.Single(e => e.Key == "first-halving");

        Assert.Equal(7_103_976L, MechanismEvents.FirstHalvingBlock);
        Assert.Equal(new DateTimeOffset(2025, 12, 15, 13, 31, 0, TimeSpan.Zero), MechanismEvents.FirstHalvingAt);
        Assert.Equal(new DateOnly(2025, 12, 15), halving.Date);
        Assert.Equal(EventDatePrecision.Exact, halving.Precision);
        Assert.Contains("7,103,976", halving.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Between_selects_events_in_a_chart_range()
    {
        var inRange = MechanismEvents.Between(new DateOnly(2025, 11, 1), new DateOnly(2025, 12, 31)).Select(e => e.Key);

        Assert.Equal(["taoflow", "first-halving"], inRange);
    }
}
