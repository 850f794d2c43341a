using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

public sealed class RevenueResolverTests
{
    private static readonly DateOnly Q1Start = new(2026, 1, 1);
    private static readonly DateOnly Q1End = new(2026, 4, 1);

    private static ResolvedRevenue Resolve(DateOnly day, IEnumerable<RevenueEntryInput> entries, IEnumerable<DailyRevenueInput>? daily = null, int? netuid = 3) =>
        RevenueResolver.Resolve(netuid, day, entries, daily ?? [], ValuationOptions.Default);

    [Fact]
    public void A_realised_quarter_is_scaled_to_a_year()
    {
        // $600k over 90 days (Jan 1 to Apr 1, end exclusive) → × 365 / 90.
        var revenue = Resolve(new DateOnly(2026, 4, 15), [TestData.Realised(1, 3, Q1Start, Q1End, 600_000m)]);

        Assert.Equal(2_433_333.333333333m, revenue.Annualised.Base);
        Assert.Equal(RevenueBasis.RealisedPeriod, revenue.Basis);
        Assert.Equal(new DateOnly(2026, 3, 31), revenue.AsOf);
        Assert.Equal(RevenueSourceType.SelfReported, revenue.SourceType);
        Assert.Equal(1, revenue.EntryId);
    }

    [Fact]
    public void A_run_rate_is_taken_as_is()
    {
        var revenue = Resolve(new DateOnly(2026, 3, 15), [TestData.RunRate(1, 3, new DateOnly(2026, 3, 1), 2_400_000m)]);

        Assert.Equal(2_400_000m, revenue.Annualised.Base);
        Assert.Equal(RevenueBasis.RunRate, revenue.Basis);
        Assert.Equal(RevenueSourceType.ThirdParty, revenue.SourceType);
    }

    [Fact]
    public void The_latest_entry_wins()
    {
        var revenue = Resolve(
            new DateOnly(2026, 6, 1),
            [TestData.RunRate(2, 3, new DateOnly(2026, 5, 1), 3_000_000m), TestData.RunRate(1, 3, new DateOnly(2026, 3, 1), 2_400_000m)]);

        Assert.Equal(3_000_000m, revenue.Annualised.Base);
    }

    [Fact]
    public void An_entry_dated_after_the_day_is_not_used_for_that_day()
    {
        var revenue = Resolve(new DateOnly(2026, 2, 1), [TestData.RunRate(1, 3, new DateOnly(2026, 3, 1), 2_400_000m)]);

        Assert.Equal(MissingReason.NoRevenueData, revenue.Annualised.Reason);
        Assert.Equal(RevenueBasis.None, revenue.Basis);
    }

    [Fact]
    public void A_subnet_without_any_revenue_data_has_a_reason_not_zero()
    {
        var revenue = Resolve(TestData.Today, [TestData.RunRate(1, 4, new DateOnly(2026, 3, 1), 2_400_000m)]);

        Assert.False(revenue.Annualised.HasValue);
        Assert.Equal(MissingReason.NoRevenueData, revenue.Annualised.Reason);
    }

    [Fact]
    public void Revenue_older_than_180_days_is_stale_but_the_last_known_figure_is_kept()
    {
        var asOf = new DateOnly(2026, 3, 1);
        var entries = new[] { TestData.RunRate(1, 3, asOf, 2_400_000m) };

        var lastGood = Resolve(asOf.AddDays(180), entries);
        var stale = Resolve(asOf.AddDays(181), entries);

        Assert.Equal(2_400_000m, lastGood.Annualised.Base);
        Assert.False(stale.Annualised.HasValue);
        Assert.Equal(MissingReason.StaleRevenue, stale.Annualised.Reason);
        Assert.True(stale.IsStale);
        Assert.Equal(2_400_000m, stale.LastKnown.Base);
        Assert.Equal(181, stale.AgeDays(asOf.AddDays(181)));
    }

    [Fact]
    public void The_stale_threshold_is_a_setting()
    {
        var asOf = new DateOnly(2026, 3, 1);
        var options = ValuationOptions.Default with { StaleAfterDays = 30 };

        var revenue = RevenueResolver.Resolve(3, asOf.AddDays(31), [TestData.RunRate(1, 3, asOf, 2_400_000m)], [], options);

        Assert.Equal(MissingReason.StaleRevenue, revenue.Annualised.Reason);
    }

    [Fact]
    public void A_correction_replaces_the_entry_it_corrects()
    {
        var original = TestData.RunRate(1, 3, new DateOnly(2026, 3, 1), 2_400_000m);
        var correction = TestData.RunRate(2, 3, new DateOnly(2026, 3, 1), 2_000_000m) with { CorrectsId = 1 };

        var revenue = Resolve(TestData.Today, [correction, original]);

        Assert.Equal(2_000_000m, revenue.Annualised.Base);
        Assert.Equal(2, revenue.EntryId);
    }

    [Fact]
    public void A_correction_of_a_correction_leaves_only_the_last()
    {
        var entries = new[]
        {
            TestData.RunRate(1, 3, new DateOnly(2026, 3, 1), 2_400_000m),
            TestData.RunRate(2, 3, new DateOnly(2026, 3, 1), 2_000_000m) with { CorrectsId = 1 },
            TestData.RunRate(3, 3, new DateOnly(2026, 3, 1), 1_800_000m) with { CorrectsId = 2 },
        };

        Assert.Equal(3L, Assert.Single(RevenueResolver.ApplyCorrections(entries)).Id);
        Assert.Equal(1_800_000m, Resolve(TestData.Today, entries).Annualised.Base);
    }

    [Fact]
    public void A_corrected_entry_never_counts_even_when_its_correction_is_dated_earlier()
    {
        var entries = new[]
        {
            TestData.RunRate(1, 3, new DateOnly(2026, 3, 20), 9_000_000m),
            TestData.RunRate(2, 3, new DateOnly(2026, 3, 1), 2_000_000m) with { CorrectsId = 1 },
        };

        Assert.Equal(2_000_000m, Resolve(TestData.Today, entries).Annualised.Base);
    }

    [Fact]
    public void A_range_without_a_base_uses_the_midpoint()
    {
        var revenue = RevenueResolver.AnnualiseEntry(TestData.RunRate(1, null, TestData.Today, null, 20_000_000m, 50_000_000m));

        Assert.Equal(20_000_000m, revenue.Low);
        Assert.Equal(35_000_000m, revenue.Base);
        Assert.Equal(50_000_000m, revenue.High);
    }

    [Fact]
    public void A_realised_range_scales_every_bound()
    {
        var entry = TestData.Realised(1, 3, Q1Start, Q1End, 900_000m) with { LowUsd = 450_000m, HighUsd = 1_350_000m };

        var revenue = RevenueResolver.AnnualiseEntry(entry);

        Assert.Equal(1_825_000m, revenue.Low);
        Assert.Equal(3_650_000m, revenue.Base);
        Assert.Equal(5_475_000m, revenue.High);
    }

    [Fact]
    public void Chutes_daily_feed_counts_subscriber_and_pay_as_you_go_but_not_pending_instances_or_sponsored_inference()
    {
        var day = TestData.Today;
        var rows = Enumerable.Range(0, 30).SelectMany(i => ChutesDay(day.AddDays(-i))).ToArray();

        var revenue = Resolve(day, [], rows, netuid: 64);

        // $1,000 + $3,000 external a day → $4,000 × 365.
        Assert.Equal(1_460_000m, revenue.Annualised.Base);
        Assert.Equal(RevenueBasis.DailySeries, revenue.Basis);
        Assert.Equal(day, revenue.AsOf);
        Assert.Equal(RevenueSourceType.SelfReported, revenue.SourceType);
        Assert.Null(revenue.EntryId);
    }

    [Fact]
    public void The_component_rule_matches_the_chutes_field_names()
    {
        Assert.True(RevenueComponents.IsExternal(RevenueComponents.ChutesSubscriber));
        Assert.True(RevenueComponents.IsExternal(RevenueComponents.ChutesPayAsYouGo));
        Assert.False(RevenueComponents.IsExternal(RevenueComponents.ChutesPendingInstance));
        Assert.False(RevenueComponents.IsExternal(RevenueComponents.ChutesSponsoredInference));
        Assert.False(RevenueComponents.IsExternal("some_new_component"));
    }

    [Fact]
    public void A_daily_feed_is_preferred_over_a_ledger_entry()
    {
        var day = TestData.Today;
        var rows = Enumerable.Range(0, 30).SelectMany(i => ChutesDay(day.AddDays(-i))).ToArray();

        var revenue = Resolve(day, [TestData.RunRate(1, 64, day, 9_000_000m)], rows, netuid: 64);

        Assert.Equal(RevenueBasis.DailySeries, revenue.Basis);
    }

    [Fact]
    public void A_feed_with_too_few_days_falls_back_to_the_latest_entry()
    {
        var day = TestData.Today;
        var rows = Enumerable.Range(0, 20).SelectMany(i => ChutesDay(day.AddDays(-i))).ToArray();

        var withEntry = Resolve(day, [TestData.RunRate(1, 64, day.AddDays(-40), 9_000_000m)], rows, netuid: 64);
        var withoutEntry = Resolve(day, [], rows, netuid: 64);

        Assert.Equal(9_000_000m, withEntry.Annualised.Base);
        Assert.Equal(RevenueBasis.RunRate, withEntry.Basis);
        Assert.Equal(MissingReason.WindowIncomplete, withoutEntry.Annualised.Reason);
    }

    [Fact]
    public void Network_claims_are_the_entries_without_a_netuid()
    {
        var entries = new[]
        {
            TestData.RunRate(1, 3, new DateOnly(2026, 3, 1), 2_400_000m),
            TestData.RunRate(2, null, new DateOnly(2026, 3, 1), null, 20_000_000m, 50_000_000m),
        };

        var network = Resolve(TestData.Today, entries, netuid: null);

        Assert.Equal(35_000_000m, network.Annualised.Base);
        Assert.Equal(2, network.EntryId);
    }

    [Fact]
    public void Two_same_day_network_claims_give_the_same_result_in_either_insertion_order()
    {
        // Same as-of, same (unknown) publication: the smaller figure wins ($20M over $43M), whatever the ids.
        var asOf = new DateOnly(2026, 3, 31);
        var small = TestData.RunRate(1, null, asOf, 20_000_000m) with { SourceName = "B" };
        var large = TestData.RunRate(2, null, asOf, 43_000_000m) with { SourceName = "A" };
        var smallSecond = small with { Id = 2 };
        var largeFirst = large with { Id = 1 };

        var one = Resolve(TestData.Today, [small, large], netuid: null);
        var other = Resolve(TestData.Today, [largeFirst, smallSecond], netuid: null);

        Assert.Equal(20_000_000m, one.Annualised.Base);
        Assert.Equal(20_000_000m, other.Annualised.Base);
        Assert.Equal((one.AsOf, one.SourceType), (other.AsOf, other.SourceType));
    }

    [Fact]
    public void Same_day_claims_of_the_same_amount_are_told_apart_by_publication_then_source_kind_then_source_name()
    {
        var asOf = new DateOnly(2026, 3, 31);
        var earlier = TestData.RunRate(1, null, asOf, 10m) with { PublishedAt = TestData.Midnight(asOf.AddDays(1)), SourceType = RevenueSourceType.Audited };
        var later = TestData.RunRate(2, null, asOf, 10m) with { PublishedAt = TestData.Midnight(asOf.AddDays(2)), SourceType = RevenueSourceType.SelfReported };
        var estimate = TestData.RunRate(3, null, asOf, 10m) with { SourceType = RevenueSourceType.AnalystEstimate, SourceName = "A" };
        var thirdParty = TestData.RunRate(4, null, asOf, 10m) with { SourceType = RevenueSourceType.ThirdParty, SourceName = "Z" };
        var sameKindB = TestData.RunRate(5, null, asOf, 10m) with { SourceName = "B" };
        var sameKindA = TestData.RunRate(6, null, asOf, 10m) with { SourceName = "A" };

        // The later publication wins; then the kind earlier in the enum (third party before analyst estimate), then
        // the name later in ordinal order.
        Assert.Equal(2, Resolve(TestData.Today, [later, earlier], netuid: null).EntryId);
        Assert.Equal(4, Resolve(TestData.Today, [estimate, thirdParty], netuid: null).EntryId);
        Assert.Equal(4, Resolve(TestData.Today, [thirdParty, estimate], netuid: null).EntryId);
        Assert.Equal(5, Resolve(TestData.Today, [sameKindB, sameKindA], netuid: null).EntryId);
        Assert.Equal(5, Resolve(TestData.Today, [sameKindA, sameKindB], netuid: null).EntryId);
    }

    [Fact]
    public void A_group_claim_never_becomes_the_networks_claimed_revenue()
    {
        // "Chutes + Targon + Lium: $20M ARR" covers three subnets, not the network, and not any one of them.
        var group = TestData.RunRate(1, null, new DateOnly(2026, 3, 1), 20_000_000m) with { CoversNetuids = [4, 51, 64] };

        var network = Resolve(TestData.Today, [group], netuid: null);
        var chutes = Resolve(TestData.Today, [group], netuid: 64);

        Assert.True(group.IsGroupClaim);
        Assert.Equal(MissingReason.NoRevenueData, network.Annualised.Reason);
        Assert.Equal(MissingReason.NoRevenueData, chutes.Annualised.Reason);
    }

    [Fact]
    public void Invalid_entries_are_rejected()
    {
        var noPeriod = new RevenueEntryInput(1, 3, RevenueEntryKind.Realised, RevenueSourceType.Audited) { AmountUsd = 1m };
        var noAmount = new RevenueEntryInput(2, 3, RevenueEntryKind.RunRate, RevenueSourceType.Audited) { AsOf = TestData.Midnight(TestData.Today), LowUsd = 1m };
        var disordered = TestData.RunRate(3, 3, TestData.Today, 5m, low: 6m);
        var negative = TestData.RunRate(4, 3, TestData.Today, -5m);

        Assert.Throws<ArgumentException>(() => RevenueResolver.AnnualiseEntry(noPeriod));
        Assert.Throws<ArgumentException>(() => RevenueResolver.AnnualiseEntry(noAmount));
        Assert.Throws<ArgumentException>(() => RevenueResolver.AnnualiseEntry(disordered));
        Assert.Throws<ArgumentException>(() => RevenueResolver.AnnualiseEntry(negative));
    }

    [Fact]
    public void A_realised_period_that_is_not_whole_utc_days_is_invalid_input_not_annualised()
    {
        // $1,000 over one hour would be $1,000 × 8,760 = $8.76M a year: the entry is unusable, with the reason.
        var hour = new RevenueEntryInput(1, 3, RevenueEntryKind.Realised, RevenueSourceType.SelfReported)
        {
            PeriodStart = TestData.At(new DateOnly(2026, 3, 30), 10),
            PeriodEnd = TestData.At(new DateOnly(2026, 3, 30), 11),
            AmountUsd = 1_000m,
        };
        var halfDays = TestData.Realised(2, 3, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), 1_000m) with
        {
            PeriodStart = TestData.At(new DateOnly(2026, 3, 1), 12),
        };

        var resolved = Resolve(TestData.Today, [hour]);

        Assert.Equal(MissingReason.InvalidInput, resolved.Annualised.Reason);
        Assert.Equal(MissingReason.InvalidInput, resolved.LastKnown.Reason);
        Assert.Equal(MissingReason.InvalidInput, Resolve(TestData.Today, [halfDays]).Annualised.Reason);
        Assert.Throws<ArgumentException>(() => RevenueResolver.AnnualiseEntry(hour));
        Assert.False(RevenueResolver.IsWholeUtcDays(hour.PeriodStart!.Value, hour.PeriodEnd!.Value));
        // Midnight in another offset is not UTC midnight; UTC midnight written with an offset is.
        Assert.False(RevenueResolver.IsWholeUtcDays(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(2)), new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero)));
        Assert.True(RevenueResolver.IsWholeUtcDays(new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.FromHours(2)), new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_whole_day_realised_period_still_annualises_by_its_days()
    {
        // $1,000 over 2026-03-30 (one whole day) = $365,000 a year.
        var oneDay = TestData.Realised(1, 3, new DateOnly(2026, 3, 30), new DateOnly(2026, 3, 31), 1_000m);

        Assert.Equal(365_000m, Resolve(TestData.Today, [oneDay]).Annualised.Base);
    }

    private static IEnumerable<DailyRevenueInput> ChutesDay(DateOnly day) =>
    [
        new(64, day, RevenueComponents.ChutesSubscriber, 1_000m, true),
        new(64, day, RevenueComponents.ChutesPayAsYouGo, 3_000m, true),
        new(64, day, RevenueComponents.ChutesPendingInstance, 500m, false),
        new(64, day, RevenueComponents.ChutesSponsoredInference, 2_000m, false),
    ];
}
