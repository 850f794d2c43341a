using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

/// <summary>docs/metrics.md, "Whole-network totals" and "Re-registration": absent subnets on complete days, new histories.</summary>
public sealed class WholeNetworkTests
{
    private static readonly DateOnly To = TestData.Today;
    private static readonly ValuationOptions Ten = TestData.Options(10);

    // The ten window days of To, oldest first.
    private static DateOnly[] WindowDays => [.. Enumerable.Range(0, 10).Select(i => To.AddDays(i - 9))];

    [Fact]
    public void A_subnet_registered_inside_the_window_is_annualised_with_its_absent_days_as_zero()
    {
        // SN1: 288 TAO/day all ten days. SN2: 144 TAO/day (0.02 TAO/block) on the last four only.
        var input = new ValuationInput
        {
            SubnetDays = [.. WindowDays.Select(d => TestData.Day(1, d)), .. WindowDays[6..].Select(d => TestData.Day(2, d, taoInRao: 20_000_000))],
            MarketDays = [.. WindowDays.Select(d => TestData.Market(d))],
        };

        var result = ValuationEngine.Compute(input, To, To, Ten);

        // SN2: 4 × 144 × 365 / 10 = 21,024 TAO a year; SN1 288 × 365 = 105,120; the network both, 126,144, nobody missing.
        var sn2 = result.Subnet(2)!;
        Assert.Equal(21_024m, sn2.AnnualisedTaoSideTao[0].Base);
        Assert.False(sn2.AnnualisedTaoSideTao[0].Notes.HasFlag(MetricNotes.WindowHasGaps));
        Assert.Equal(To.AddDays(-3), sn2.RegisteredOn);
        Assert.Null(result.Subnet(1)!.RegisteredOn);
        Assert.Equal(126_144m, result.Network.AnnualisedTaoSideTao[0].Base);
        Assert.False(result.Network.AnnualisedTaoSideTao[0].Notes.HasFlag(MetricNotes.SomeSubnetsMissing));
        // At $400: 126,144 × 400 = $50,457,600, what the chain paid over the window, annualised.
        Assert.Equal(50_457_600m, result.Network.TaoSide.AnnualisedUsd[0].Base);
    }

    [Fact]
    public void A_day_without_any_network_snapshot_is_unknown_not_zero()
    {
        // As above, but nobody has a snapshot on the first two days: 8 days present, and SN2 4 × 144 × 365 / 8 = 26,280.
        var days = WindowDays[2..];
        var input = new ValuationInput
        {
            SubnetDays = [.. days.Select(d => TestData.Day(1, d)), .. WindowDays[6..].Select(d => TestData.Day(2, d, taoInRao: 20_000_000))],
        };

        var result = ValuationEngine.Compute(input, To, To, Ten);

        Assert.Equal(26_280m, result.Subnet(2)!.AnnualisedTaoSideTao[0].Base);
        Assert.True(result.Subnet(2)!.AnnualisedTaoSideTao[0].Notes.HasFlag(MetricNotes.WindowHasGaps));
        Assert.Equal(105_120m, result.Subnet(1)!.AnnualisedTaoSideTao[0].Base);
    }

    [Fact]
    public void A_gap_inside_a_subnets_history_makes_the_day_unknown_for_every_absent_subnet()
    {
        // SN1 lacks To-5 between snapshots on either side: that day is not complete, so SN2 (registered To-3) is unknown
        // there too. SN2: 9 days present, 4 × 144 × 365 / 9 = 23,360.
        var input = new ValuationInput
        {
            SubnetDays = [.. WindowDays.Where(d => d != To.AddDays(-5)).Select(d => TestData.Day(1, d)), .. WindowDays[6..].Select(d => TestData.Day(2, d, taoInRao: 20_000_000))],
        };

        var result = ValuationEngine.Compute(input, To, To, Ten);

        Assert.Equal(23_360m, result.Subnet(2)!.AnnualisedTaoSideTao[0].Base);
        Assert.Equal(105_120m, result.Subnet(1)!.AnnualisedTaoSideTao[0].Base);
        Assert.True(result.Subnet(1)!.AnnualisedTaoSideTao[0].Notes.HasFlag(MetricNotes.WindowHasGaps));
    }

    [Fact]
    public void A_subnet_without_a_snapshot_on_any_complete_day_has_zero_subsidy_not_a_missing_one()
    {
        // SN3 is only in the ledger: on complete days it was not registered, so its subsidy is 0 and the network misses nobody.
        var input = new ValuationInput
        {
            SubnetDays = [.. WindowDays.Select(d => TestData.Day(1, d))],
            RevenueEntries = [TestData.RunRate(1, 3, To, 1_000m)],
        };

        var result = ValuationEngine.Compute(input, To, To, Ten);

        Assert.Equal(0m, result.Subnet(3)!.AnnualisedTaoSideTao[0].Base);
        Assert.False(result.Network.AnnualisedTaoSideTao[0].Notes.HasFlag(MetricNotes.SomeSubnetsMissing));
    }

    [Fact]
    public void A_re_registered_netuid_starts_a_new_history_without_its_predecessors_emission_or_revenue()
    {
        // SN1 block 100 pays 288 TAO/day from To-13 to To-4, is deregistered, and block 200 registers on To-3 at 144 TAO/day.
        // The newcomer: 4 × 144 × 365 / 10 = 21,024 TAO a year (the predecessor's days count as its zeros), and the
        // predecessor's $1M run-rate of To-8 is not its revenue; its own $50,000 of To-1 is.
        var input = new ValuationInput
        {
            SubnetDays =
            [
                .. Enumerable.Range(0, 10).Select(i => TestData.Day(1, To.AddDays(i - 13)) with { RegistrationBlock = 100 }),
                .. WindowDays[6..].Select(d => TestData.Day(1, d, taoInRao: 20_000_000) with { RegistrationBlock = 200 }),
            ],
            MarketDays = [.. WindowDays.Select(d => TestData.Market(d))],
            RevenueEntries = [TestData.RunRate(1, 1, To.AddDays(-8), 1_000_000m)],
        };

        var result = ValuationEngine.Compute(input, To.AddDays(-4), To, Ten);
        var sn1 = result.Subnet(1)!;

        // On To-4 the predecessor still holds the netuid: 288 × 365, its revenue $1M.
        Assert.Equal(105_120m, sn1.AnnualisedTaoSideTao[0].Base);
        Assert.Equal(1_000_000m, sn1.Revenue.Annualised[0].Base);
        Assert.Equal(21_024m, sn1.AnnualisedTaoSideTao[4].Base);
        Assert.Equal(MissingReason.NoRevenueData, sn1.Revenue.Annualised[4].Reason);
        Assert.Equal(To.AddDays(-3), sn1.RegisteredOn);

        var withOwnClaim = input with { RevenueEntries = [.. input.RevenueEntries, TestData.RunRate(2, 1, To.AddDays(-1), 50_000m)] };
        Assert.Equal(50_000m, ValuationEngine.Compute(withOwnClaim, To, To, Ten).Subnet(1)!.Revenue.Annualised[0].Base);
    }

    [Fact]
    public void The_run_rate_window_is_the_latest_day_times_365()
    {
        // One day of data: 288 TAO × 365 = 105,120 TAO, × $400 = $42,048,000.
        var input = new ValuationInput { SubnetDays = [TestData.Day(1, To)], MarketDays = [TestData.Market(To)] };

        var sn1 = ValuationEngine.Compute(input, To, To, TestData.Options(1)).Subnet(1)!.At(To);

        Assert.Contains(1, ValuationOptions.StandardWindows);
        Assert.Equal(1, TestData.Options(1).RequiredDaysInWindow);
        Assert.Equal(105_120m, sn1.AnnualisedTaoSideTao.Base);
        Assert.Equal(42_048_000m, sn1.TaoSide.AnnualisedUsd.Base);
    }

    [Fact]
    public void One_subnets_input_uses_the_complete_days_the_storage_gives()
    {
        // Only SN2's rows, as a subnet page loads them; the complete days come from the database.
        var input = new ValuationInput
        {
            SubnetDays = [.. WindowDays[6..].Select(d => TestData.Day(2, d, taoInRao: 20_000_000))],
            CompleteNetworkDays = WindowDays,
        };

        Assert.Equal(21_024m, ValuationEngine.Compute(input, To, To, Ten).Subnet(2)!.AnnualisedTaoSideTao[0].Base);
        Assert.Equal(MissingReason.WindowIncomplete, ValuationEngine.Compute(input with { CompleteNetworkDays = null }, To, To, Ten).Subnet(2)!.AnnualisedTaoSideTao[0].Reason);
    }
}
