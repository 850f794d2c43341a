using TaoLens.Core.Claims;
using TaoLens.Core.Tests.Valuation;
using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Claims;

public sealed class ClaimsCheckTests
{
    private static readonly DateOnly Day = new(2025, 10, 27);

    private static ClaimInput OnDay(ClaimQuantity quantity, int? netuid, DateOnly day, decimal? @base, decimal? low = null, decimal? high = null) =>
        new(quantity, netuid, day, day, @base, low, high);

    private static (DateOnly, Metric)[] Series(DateOnly day, Metric value) => [(day, value)];

    [Fact]
    public void Templar_52M_subsidy_over_2_4M_revenue_is_consistent_with_the_claimed_21_7x()
    {
        // 52,000,000 / 2,400,000 = 21.666…; the claim says about 21.7x: 21.666… / 21.7 = 0.99846…, within 10%.
        var measured = Multiples.SubsidyToRevenue(Metric.Of(52_000_000m), Metric.Of(2_400_000m));
        var claim = OnDay(ClaimQuantity.SubsidyToRevenue, 3, Day, 21.7m);

        var check = ClaimsCheck.Check(claim, Series(Day, measured));

        Assert.Equal(21.7m, decimal.Round(check.Measurement!.Value.Base!.Value, 1));
        Assert.Equal(0.9985m, decimal.Round(check.Ratio.Base!.Value, 4));
        Assert.Equal(ClaimVerdict.Consistent, check.Verdict);
        Assert.Equal("consistent within 10% of the claim", check.Words);
    }

    [Theory]
    [InlineData(20_000_000, 150)]
    [InlineData(50_000_000, 60)]
    [InlineData(35_000_000, 85.7)]
    public void Three_billion_market_cap_over_20M_to_50M_revenue_is_within_the_claimed_60x_to_150x(decimal revenue, decimal multiple)
    {
        var measured = Multiples.PriceToSales(Metric.Of(3_000_000_000m), Metric.Of(revenue));
        var claim = OnDay(ClaimQuantity.MarketCapToRevenue, null, Day, null, 60m, 150m);

        var check = ClaimsCheck.Check(claim, Series(Day, measured));

        Assert.Equal(multiple, decimal.Round(check.Measurement!.Value.Base!.Value, 1));
        Assert.Equal(ClaimVerdict.Consistent, check.Verdict);
        Assert.Equal("consistent within the claim's range", check.Words);
    }

    [Fact]
    public void A_measurement_above_the_range_is_so_many_times_its_top()
    {
        // 3B / 10M = 300x against 60–150x: 300 / 150 = 2.0 more; the ratio is 300/150 = 2 to 300/60 = 5, base 300/105.
        var claim = OnDay(ClaimQuantity.MarketCapToRevenue, null, Day, null, 60m, 150m);

        var check = ClaimsCheck.Check(claim, Series(Day, Metric.Of(300m)));

        Assert.Equal(ClaimVerdict.MeasuresMore, check.Verdict);
        Assert.Equal(2m, check.Factor);
        Assert.Equal("TaoLens measures 2.0× more", check.Words);
        Assert.Equal(2m, check.Ratio.Low);
        Assert.Equal(5m, check.Ratio.High);
        Assert.Equal(2.857m, decimal.Round(check.Ratio.Base!.Value, 3));
    }

    [Fact]
    public void A_measurement_below_a_claim_without_range_is_the_claim_over_the_measurement()
    {
        // Claimed $52M, measured $24.76M: 52 / 24.76 = 2.100… less.
        var claim = OnDay(ClaimQuantity.AnnualSubsidyUsd, 3, Day, 52_000_000m);

        var check = ClaimsCheck.Check(claim, Series(Day, Metric.Of(24_760_000m)));

        Assert.Equal(ClaimVerdict.MeasuresLess, check.Verdict);
        Assert.Equal("TaoLens measures 2.1× less", check.Words);
    }

    [Theory]
    [InlineData(47_272_728, ClaimVerdict.Consistent)] // 52M / 1.1 = 47,272,727.27…: just inside
    [InlineData(47_272_727, ClaimVerdict.MeasuresLess)]
    [InlineData(57_200_000, ClaimVerdict.Consistent)] // 52M × 1.1: the edge is inside
    [InlineData(57_200_001, ClaimVerdict.MeasuresMore)]
    public void Without_a_range_the_tolerance_is_a_tenth_either_way(decimal measured, ClaimVerdict verdict)
    {
        var claim = OnDay(ClaimQuantity.AnnualSubsidyUsd, 3, Day, 52_000_000m);

        Assert.Equal(verdict, ClaimsCheck.Check(claim, Series(Day, Metric.Of(measured))).Verdict);
    }

    [Fact]
    public void A_near_miss_says_two_decimals()
    {
        var claim = OnDay(ClaimQuantity.MarketCapToRevenue, null, Day, null, 60m, 150m);

        Assert.Equal("TaoLens measures 1.01× more", ClaimsCheck.Check(claim, Series(Day, Metric.Of(151.5m))).Words);
    }

    [Fact]
    public void The_nearest_day_with_a_value_is_used_and_its_gap_stated()
    {
        var claim = OnDay(ClaimQuantity.MarketCapUsd, null, new DateOnly(2025, 11, 5), 3_000_000_000m);
        (DateOnly, Metric)[] measured =
        [
            (new DateOnly(2025, 10, 25), Metric.Of(1_000_000_000m)),
            (new DateOnly(2025, 10, 26), Metric.Of(2_000_000_000m)),
            (new DateOnly(2025, 10, 27), Metric.Missing(MissingReason.NoPrice)),
        ];

        var check = ClaimsCheck.Check(claim, measured);

        Assert.Equal(new DateOnly(2025, 10, 26), check.Measurement!.Day);
        Assert.Equal(10, check.Measurement.GapDays);
        Assert.Equal("TaoLens measures 1.5× less", check.Words);
    }

    [Fact]
    public void Inside_a_period_the_gap_is_zero_and_the_latest_day_wins()
    {
        var claim = new ClaimInput(ClaimQuantity.MarketCapUsd, null, new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 31), 3_000_000_000m, null, null);
        (DateOnly, Metric)[] measured = [(new DateOnly(2025, 10, 10), Metric.Of(1m)), (new DateOnly(2025, 10, 20), Metric.Of(3_000_000_000m))];

        var check = ClaimsCheck.Check(claim, measured);

        Assert.Equal(new DateOnly(2025, 10, 20), check.Measurement!.Day);
        Assert.Equal(0, check.Measurement.GapDays);
        Assert.Equal(ClaimVerdict.Consistent, check.Verdict);
    }

    [Fact]
    public void Data_30_days_away_is_used_and_31_days_away_is_no_data()
    {
        var last = new DateOnly(2025, 10, 27);
        var at30 = OnDay(ClaimQuantity.MarketCapUsd, null, last.AddDays(30), 3_000_000_000m);
        var at31 = OnDay(ClaimQuantity.MarketCapUsd, null, last.AddDays(31), 3_000_000_000m);

        Assert.Equal(30, ClaimsCheck.Check(at30, Series(last, Metric.Of(3_000_000_000m))).Measurement!.GapDays);
        var none = ClaimsCheck.Check(at31, Series(last, Metric.Of(3_000_000_000m)));
        Assert.Null(none.Measurement);
        Assert.Equal(ClaimVerdict.NoData, none.Verdict);
        Assert.Equal("no data within 30 days of the claim", none.Words);
        Assert.False(none.Ratio.HasValue);
    }

    [Theory]
    [InlineData(30, 30)] // the first data day is 30 days after the claim: used
    [InlineData(31, null)] // 31 days after: out of reach
    public void Data_only_after_the_claim_is_used_up_to_30_days_later(int daysAfter, int? gap)
    {
        // The claim is dated before any data: only days after it can measure it; the gap is first day − claim day.
        var claimDay = new DateOnly(2025, 9, 1);
        var claim = OnDay(ClaimQuantity.MarketCapUsd, null, claimDay, 3_000_000_000m);
        (DateOnly, Metric)[] measured =
        [
            (claimDay.AddDays(daysAfter), Metric.Of(3_000_000_000m)),
            (claimDay.AddDays(daysAfter + 1), Metric.Of(1_000_000_000m)),
        ];

        var check = ClaimsCheck.Check(claim, measured);

        Assert.Equal(gap, check.Measurement?.GapDays);
        Assert.Equal(gap is null ? ClaimVerdict.NoData : ClaimVerdict.Consistent, check.Verdict);
        Assert.Equal(gap is null ? "no data within 30 days of the claim" : "consistent within 10% of the claim", check.Words);
        Assert.Equal(gap is null ? null : claimDay.AddDays(daysAfter), check.Measurement?.Day);
    }

    [Theory]
    [InlineData("2025-08-02", 30)] // 30 days before the period's first day (2025-09-01)
    [InlineData("2025-08-01", null)] // 31 days before
    [InlineData("2025-10-30", 30)] // 30 days after its last day (2025-09-30)
    [InlineData("2025-10-31", null)] // 31 days after
    public void A_periods_gap_is_counted_from_its_nearer_end(string dataDay, int? gap)
    {
        // A realised September: days 2025-09-01 to 2025-09-30; the only data is one day outside it.
        var claim = new ClaimInput(ClaimQuantity.MarketCapUsd, null, new DateOnly(2025, 9, 1), new DateOnly(2025, 9, 30), 3_000_000_000m, null, null);
        var day = DateOnly.Parse(dataDay, System.Globalization.CultureInfo.InvariantCulture);

        var check = ClaimsCheck.Check(claim, Series(day, Metric.Of(3_000_000_000m)));

        Assert.Equal(gap, check.Measurement?.GapDays);
        Assert.Equal(gap is null ? ClaimVerdict.NoData : ClaimVerdict.Consistent, check.Verdict);
    }

    [Fact]
    public void Data_the_same_distance_before_and_after_uses_the_later_day()
    {
        // 2025-10-10 ± 5 days: both gaps are 5; the later day (2025-10-15) is used: 1B measured against 3B claimed, 3.0× less.
        var claim = OnDay(ClaimQuantity.MarketCapUsd, null, new DateOnly(2025, 10, 10), 3_000_000_000m);
        (DateOnly, Metric)[] measured = [(new DateOnly(2025, 10, 5), Metric.Of(3_000_000_000m)), (new DateOnly(2025, 10, 15), Metric.Of(1_000_000_000m))];

        var check = ClaimsCheck.Check(claim, measured);

        Assert.Equal(new DateOnly(2025, 10, 15), check.Measurement!.Day);
        Assert.Equal(5, check.Measurement.GapDays);
        Assert.Equal("TaoLens measures 3.0× less", check.Words);
    }

    [Fact]
    public void A_value_31_days_away_is_not_used_even_when_the_days_in_reach_lack_the_figure()
    {
        // Within reach only a day without a price (gap 2); the only value is 31 days away: no data, with the near day's reason.
        var claimDay = new DateOnly(2025, 10, 10);
        var claim = OnDay(ClaimQuantity.MarketCapUsd, null, claimDay, 3_000_000_000m);
        (DateOnly, Metric)[] measured = [(claimDay.AddDays(-31), Metric.Of(3_000_000_000m)), (claimDay.AddDays(2), Metric.Missing(MissingReason.NoPrice))];

        var check = ClaimsCheck.Check(claim, measured);

        Assert.Null(check.Measurement);
        Assert.Equal(ClaimVerdict.NoData, check.Verdict);
        Assert.Equal(MissingReason.NoPrice, check.MissingReason);
        Assert.Equal("no data within 30 days of the claim (no price for that day)", check.Words);
    }

    [Fact]
    public void A_value_30_days_away_is_used_over_a_nearer_day_without_the_figure()
    {
        var claimDay = new DateOnly(2025, 10, 10);
        var claim = OnDay(ClaimQuantity.MarketCapUsd, null, claimDay, 3_000_000_000m);
        (DateOnly, Metric)[] measured = [(claimDay.AddDays(-30), Metric.Of(3_000_000_000m)), (claimDay.AddDays(1), Metric.Missing(MissingReason.NoPrice))];

        var check = ClaimsCheck.Check(claim, measured);

        Assert.Equal(claimDay.AddDays(-30), check.Measurement!.Day);
        Assert.Equal(30, check.Measurement.GapDays);
        Assert.Equal(ClaimVerdict.Consistent, check.Verdict);
    }

    [Fact]
    public void When_the_days_in_reach_lack_the_figure_the_reason_is_said()
    {
        var claim = OnDay(ClaimQuantity.MarketCapUsd, 3, Day, 31_000_000m);

        var check = ClaimsCheck.Check(claim, Series(Day, Metric.Missing(MissingReason.NoPoolData)));

        Assert.Equal(ClaimVerdict.NoData, check.Verdict);
        Assert.Equal("no data within 30 days of the claim (no pool data)", check.Words);
        Assert.Equal(MissingReason.NoPoolData, check.MissingReason);
    }

    [Fact]
    public void A_group_claim_is_not_measured()
    {
        var claim = OnDay(ClaimQuantity.ExternalRevenueUsd, null, Day, 20_000_000m) with { CoversNetuids = [3, 4, 64] };

        var check = ClaimsCheck.Check(claim, (ValuationResult?)null);

        Assert.Equal(ClaimVerdict.NotMeasured, check.Verdict);
    }

    [Fact]
    public void A_claim_needs_a_base_or_a_whole_range_and_positive_ordered_figures()
    {
        Assert.Throws<ArgumentException>(() => ClaimsCheck.Claimed(OnDay(ClaimQuantity.MarketCapUsd, null, Day, null, 60m)));
        Assert.Throws<ArgumentException>(() => ClaimsCheck.Claimed(OnDay(ClaimQuantity.MarketCapUsd, null, Day, 0m)));
        Assert.Throws<ArgumentException>(() => ClaimsCheck.Claimed(OnDay(ClaimQuantity.MarketCapUsd, null, Day, 50m, 60m, 150m)));
    }
}

/// <summary>Claims checked against the engine's own figures for hand-computed inputs.</summary>
public sealed class ClaimsCheckEngineTests
{
    private static readonly DateOnly Last = new(2025, 10, 27);

    // Subnet 3 injects 0.05 TAO a block: 0.05 × 7,200 = 360 TAO a day; × 365 = 131,400 TAO a year; × $400 = $52,560,000.
    // TAO market cap $3B every day. Ledger: SN3 run-rate $2.4M as of 10-17 (id 7), $4.8M as of 09-27 (id 8);
    // SN4 run-rate $17.6M as of 10-17 (id 9), so the network's known revenue is 2.4 + 17.6 = $20M from 10-17.
    private static ValuationResult Compute()
    {
        var first = ValuationEngine.FirstInputDay(Last.AddDays(-40), ValuationOptions.Default);
        var days = Enumerable.Range(0, Last.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToArray();
        var input = new ValuationInput
        {
            SubnetDays = [.. days.Select(d => TestData.Day(3, d, taoInRao: 50_000_000)), .. days.Select(d => TestData.Day(4, d))],
            MarketDays = [.. days.Select(d => TestData.Market(d) with { MarketCapUsd = 3_000_000_000m })],
            RevenueEntries =
            [
                TestData.RunRate(7, 3, new DateOnly(2025, 10, 17), 2_400_000m),
                TestData.RunRate(8, 3, new DateOnly(2025, 9, 27), 4_800_000m),
                TestData.RunRate(9, 4, new DateOnly(2025, 10, 17), 17_600_000m),
            ],
        };
        return ValuationEngine.Compute(input, Last.AddDays(-40), Last);
    }

    [Fact]
    public void Templar_subsidy_and_multiple_as_the_engine_measures_them()
    {
        var result = Compute();
        var subsidy = new ClaimInput(ClaimQuantity.AnnualSubsidyUsd, 3, Last, Last, 52_000_000m, null, null);
        var multiple = new ClaimInput(ClaimQuantity.SubsidyToRevenue, 3, Last, Last, 21.7m, null, null);

        var s = ClaimsCheck.Check(subsidy, result);
        var m = ClaimsCheck.Check(multiple, result);

        Assert.Equal(52_560_000m, s.Measurement!.Value.Base);
        Assert.Equal(0, s.Measurement.GapDays);
        Assert.Equal(ClaimVerdict.Consistent, s.Verdict);
        // 52,560,000 / 2,400,000 = 21.9; 21.9 / 21.7 = 1.0092…
        Assert.Equal(21.9m, m.Measurement!.Value.Base);
        Assert.Equal(1.0092m, decimal.Round(m.Ratio.Base!.Value, 4));
        Assert.Equal(ClaimVerdict.Consistent, m.Verdict);
    }

    [Fact]
    public void The_network_at_3B_over_20M_is_150x_inside_the_claimed_60x_to_150x()
    {
        var claim = new ClaimInput(ClaimQuantity.MarketCapToRevenue, null, Last, Last, null, 60m, 150m);

        var check = ClaimsCheck.Check(claim, Compute());

        Assert.Equal(150m, check.Measurement!.Value.Base);
        Assert.Equal("consistent within the claim's range", check.Words);
    }

    [Fact]
    public void Before_the_other_subnets_revenue_the_network_measures_more_than_the_range()
    {
        // On 10-10 only SN3's $4.8M is known: 3B / 4.8M = 625x; 625 / 150 = 4.1666… more.
        var day = new DateOnly(2025, 10, 10);
        var claim = new ClaimInput(ClaimQuantity.MarketCapToRevenue, null, day, day, null, 60m, 150m);

        var check = ClaimsCheck.Check(claim, Compute());

        Assert.Equal(625m, check.Measurement!.Value.Base);
        Assert.Equal("TaoLens measures 4.2× more", check.Words);
    }

    [Fact]
    public void A_revenue_claim_is_measured_against_other_figures_never_itself()
    {
        // Entry 7 ($2.4M as of 10-17) is the engine's figure from 10-17 on; before that, entry 8 ($4.8M) is: 10-16, gap 1.
        var day = new DateOnly(2025, 10, 17);
        var claim = new ClaimInput(ClaimQuantity.ExternalRevenueUsd, 3, day, day, 2_400_000m, null, null) { RevenueEntryId = 7 };

        var check = ClaimsCheck.Check(claim, Compute());

        Assert.Equal(new DateOnly(2025, 10, 16), check.Measurement!.Day);
        Assert.Equal(1, check.Measurement.GapDays);
        Assert.Equal(4_800_000m, check.Measurement.Value.Base);
        Assert.Equal("TaoLens measures 2.0× more", check.Words);
    }

    [Fact]
    public void Claims_dated_outside_the_data_say_no_data()
    {
        // The reference figures are dated March 2026; the data ends 2025-10-27.
        var march = new DateOnly(2026, 3, 31);
        var claim = new ClaimInput(ClaimQuantity.AnnualSubsidyUsd, 3, march, march, 52_000_000m, null, null);

        var check = ClaimsCheck.Check(claim, Compute());

        Assert.Equal(ClaimVerdict.NoData, check.Verdict);
        Assert.Equal("no data within 30 days of the claim", check.Words);
    }
}
