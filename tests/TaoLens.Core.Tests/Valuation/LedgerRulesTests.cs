using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

/// <summary>Disputes and the field rules of ledger entries, with hand-computed figures.</summary>
public sealed class LedgerRulesTests
{
    private static readonly DateOnly March1 = new(2026, 3, 1);

    private static ResolvedRevenue Resolve(params RevenueEntryInput[] entries) =>
        RevenueResolver.Resolve(3, TestData.Today, entries, [], ValuationOptions.Default);

    [Fact]
    public void A_disputed_entry_does_not_count_and_the_one_before_it_does()
    {
        // Older $2.4M run-rate, newer disputed $9M: the multiple uses $2.4M.
        var older = TestData.RunRate(1, 3, March1, 2_400_000m);
        var disputed = TestData.RunRate(2, 3, March1.AddDays(10), 9_000_000m) with { Disputed = true };

        var revenue = Resolve(older, disputed);

        Assert.Equal(2_400_000m, revenue.Annualised.Base);
        Assert.Equal(1, revenue.EntryId);
        Assert.Equal([1L], RevenueResolver.ApplyCorrections([older, disputed]).Select(e => e.Id));
    }

    [Fact]
    public void A_disputed_entry_alone_leaves_no_revenue_with_the_reason()
    {
        var revenue = Resolve(TestData.RunRate(1, 3, March1, 2_400_000m) with { Disputed = true });

        Assert.False(revenue.Annualised.HasValue);
        Assert.Equal(MissingReason.NoRevenueData, revenue.Annualised.Reason);
    }

    [Fact]
    public void A_disputed_entry_an_editor_says_to_use_counts()
    {
        var older = TestData.RunRate(1, 3, March1, 2_400_000m);
        var overridden = TestData.RunRate(2, 3, March1.AddDays(10), 9_000_000m) with { Disputed = true, UseAnyway = true };

        var revenue = Resolve(older, overridden);

        Assert.Equal(9_000_000m, revenue.Annualised.Base);
        Assert.Equal(2, revenue.EntryId);
    }

    [Fact]
    public void A_disputed_correction_does_not_revive_the_entry_it_restated()
    {
        // 1 ($2.4M) is restated by 2 ($2.0M), and 2 is disputed: neither counts, the older 0 ($1.5M) does.
        var oldest = TestData.RunRate(10, 3, March1.AddDays(-30), 1_500_000m);
        var original = TestData.RunRate(1, 3, March1, 2_400_000m);
        var correction = TestData.RunRate(2, 3, March1, 2_000_000m) with { CorrectsId = 1, Disputed = true };

        Assert.Equal(1_500_000m, Resolve(oldest, original, correction).Annualised.Base);
    }

    [Fact]
    public void Each_rule_names_its_field_and_says_what_is_needed()
    {
        var day = TestData.Midnight(March1);
        static IReadOnlyList<RevenueEntryError> Check(RevenueEntryInput e) => RevenueEntryRules.Check(e);
        var realised = new RevenueEntryInput(1, 3, RevenueEntryKind.Realised, RevenueSourceType.Audited) { PeriodStart = day, PeriodEnd = day.AddDays(30), AmountUsd = 10m };
        var runRate = new RevenueEntryInput(2, 3, RevenueEntryKind.RunRate, RevenueSourceType.Audited) { AsOf = day, AmountUsd = 10m };

        Assert.Empty(Check(realised));
        Assert.Empty(Check(runRate));
        Assert.Equal([new RevenueEntryError("periodEnd", RevenueEntryRules.PeriodRequired)], Check(realised with { PeriodEnd = null }));
        Assert.Equal([new RevenueEntryError("periodEnd", RevenueEntryRules.PeriodRequired)], Check(realised with { PeriodEnd = day }));
        Assert.Equal([new RevenueEntryError("periodStart", RevenueEntryRules.PeriodWholeDays)], Check(realised with { PeriodStart = day.AddHours(1) }));
        Assert.Equal([new RevenueEntryError("periodEnd", RevenueEntryRules.PeriodWholeDays)], Check(realised with { PeriodEnd = day.AddDays(30).AddMinutes(1) }));
        Assert.Equal([new RevenueEntryError("asOf", RevenueEntryRules.AsOfRequired)], Check(runRate with { AsOf = null }));
        Assert.Equal([new RevenueEntryError("amountUsd", RevenueEntryRules.AmountRequired)], Check(runRate with { AmountUsd = null, LowUsd = 5m }));
        Assert.Equal([new RevenueEntryError("lowUsd", RevenueEntryRules.NotNegative)], Check(runRate with { LowUsd = -1m }));
        Assert.Equal([new RevenueEntryError("lowUsd", RevenueEntryRules.Ordered)], Check(runRate with { LowUsd = 11m }));
        Assert.Equal([new RevenueEntryError("highUsd", RevenueEntryRules.Ordered)], Check(runRate with { HighUsd = 9m }));
        // Low 8 and high 12 without an amount: the base is their midpoint, 10, and the entry is valid.
        Assert.Empty(Check(runRate with { AmountUsd = null, LowUsd = 8m, HighUsd = 12m }));
    }
}
