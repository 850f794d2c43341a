using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

public sealed class ValuationEngineTests
{
    private static readonly DateOnly To = TestData.Today;
    private static readonly DateOnly From = To.AddDays(-9);

    // Two subnets over the range and its 29-day lookback: SN1 288 TAO/day with a $2.4M run-rate, SN2 432 TAO/day without revenue.
    private static ValuationInput Input(Func<DateOnly, bool>? sn1Present = null)
    {
        var first = ValuationEngine.FirstInputDay(From, ValuationOptions.Default);
        var days = Enumerable.Range(0, To.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToArray();
        return new ValuationInput
        {
            SubnetDays =
            [
                .. days.Where(d => sn1Present?.Invoke(d) ?? true).Select(d => TestData.Day(1, d)),
                .. days.Select(d => TestData.Day(2, d, taoInRao: 60_000_000)),
            ],
            MarketDays = [.. days.Select(d => TestData.Market(d))],
            RevenueEntries = [TestData.RunRate(1, 1, first, 2_400_000m)],
        };
    }

    [Fact]
    public void A_subnet_day_bundles_every_metric_from_the_building_blocks()
    {
        var sn1 = ValuationEngine.Compute(Input(), From, To).Subnet(1)!.At(To);

        Assert.Equal(288m, sn1.TaoSideTaoPerDay.Base);
        Assert.Equal(105_120m, sn1.AnnualisedTaoSideTao.Base);
        Assert.Equal(115_200m, sn1.TaoSide.DailyUsd.Base);
        Assert.Equal(42_048_000m, sn1.TaoSide.AnnualisedUsd.Base);
        Assert.Equal(21_024_000m, sn1.AlphaSide.AnnualisedUsd.Base);
        Assert.Equal(3_784_320m, sn1.AnnualisedAlphaSplit.Owner.Base);
        Assert.Equal(2_400_000m, sn1.Revenue.Annualised.Base);
        Assert.Equal(17.52m, sn1.TaoSide.SubsidyToRevenue.Base);
        Assert.Equal(8.76m, sn1.AlphaSide.SubsidyToRevenue.Base);
        Assert.Equal(-39_648_000m, sn1.TaoSide.EarningsUsd.Base);
        Assert.Equal(21_024_000m, sn1.TaoSide.AfterNextHalvingUsd.Base);
        Assert.Equal(32_000_000m, sn1.MarketCapUsd.Base);
        Assert.Equal(32_000_000m / 2_400_000m, sn1.PriceToSales.Base);
        Assert.Equal(70m, sn1.FullyDilutedPriceToSales.Base);
        Assert.Equal(10_500_000m, sn1.AlphaHalving.NextHalvingAtIssuance.Base);
        Assert.Same(sn1.TaoSide, sn1.For(SubsidySide.TaoSide));
    }

    [Fact]
    public void Network_totals_add_up_the_subnets_and_measure_revenue_coverage()
    {
        var network = ValuationEngine.Compute(Input(), From, To).Network.At(To);

        Assert.Equal(720m, network.TaoSideTaoPerDay.Base);
        Assert.Equal(262_800m, network.AnnualisedTaoSideTao.Base);
        Assert.Equal(105_120_000m, network.TaoSide.AnnualisedUsd.Base);
        Assert.Equal(2_400_000m, network.KnownRevenueUsd.Base);
        Assert.Equal(1, network.SubnetsWithRevenue);

        // SN1 gets 288 of the 720 TAO a day and is the only one with revenue.
        Assert.Equal(40m, network.RevenueCoverageSharePercent.Base);
        Assert.Equal(43.8m, network.TaoSide.SubsidyToRevenue.Base);
        Assert.Equal(4_400_000_000m / 2_400_000m, network.MarketCapToRevenue.Base);
        Assert.Equal(0.5m, network.TaoHalving.BlockEmission.Base);
    }

    [Fact]
    public void A_day_without_a_snapshot_is_missing_in_the_daily_series_and_noted_in_the_window()
    {
        var gap = To.AddDays(-3);

        var sn1 = ValuationEngine.Compute(Input(d => d != gap), From, To).Subnet(1)!;

        Assert.Equal(MissingReason.NoSnapshot, sn1.TaoSideTaoPerDay.At(gap).Reason);
        Assert.Equal(42_048_000m, sn1.TaoSide.AnnualisedUsd.At(To).Base);
        Assert.True(sn1.TaoSide.AnnualisedUsd.At(To).Notes.HasFlag(MetricNotes.WindowHasGaps));
    }

    [Fact]
    public void A_missing_subnet_day_leaves_it_out_of_the_network_total_and_says_so()
    {
        var gap = To.AddDays(-3);

        var network = ValuationEngine.Compute(Input(d => d != gap), From, To).Network;

        Assert.Equal(432m, network.TaoSideTaoPerDay.At(gap).Base);
        Assert.True(network.TaoSideTaoPerDay.At(gap).Notes.HasFlag(MetricNotes.SomeSubnetsMissing));
    }

    [Fact]
    public void Without_lookback_data_the_first_days_are_window_incomplete()
    {
        // No subnet has lookback days: those days are unknown, not zero (docs/metrics.md, "Whole-network totals").
        var input = Input() with { SubnetDays = [.. Input().SubnetDays.Where(d => d.Day >= From)] };

        var sn1 = ValuationEngine.Compute(input, From, To).Subnet(1)!;

        Assert.Equal(MissingReason.WindowIncomplete, sn1.TaoSide.AnnualisedUsd.At(From).Reason);
        Assert.Equal(MissingReason.WindowIncomplete, sn1.TaoSide.SubsidyToRevenue.At(From).Reason);
    }

    [Fact]
    public void A_group_claim_is_neither_the_networks_claimed_revenue_nor_a_covered_subnets_revenue()
    {
        // SN1 and SN2 together "$20M ARR": without a network claim the network has none; SN2 still has no revenue.
        var group = TestData.RunRate(2, null, From, 20_000_000m) with { CoversNetuids = [1, 2] };
        var input = Input() with { RevenueEntries = [TestData.RunRate(1, 1, From, 2_400_000m), group] };

        var result = ValuationEngine.Compute(input, From, To);
        var network = result.Network.At(To);

        Assert.Equal(MissingReason.NoRevenueData, network.ClaimedRevenue.Annualised.Reason);
        Assert.Equal(MissingReason.NoRevenueData, result.Subnet(2)!.At(To).Revenue.Annualised.Reason);
        Assert.Equal(2_400_000m, network.KnownRevenueUsd.Base);
    }

    [Fact]
    public void Revenue_goes_stale_in_the_series_181_days_after_its_as_of_date()
    {
        var asOf = To.AddDays(-185);
        var input = Input() with { RevenueEntries = [TestData.RunRate(1, 1, asOf, 2_400_000m)] };

        var revenue = ValuationEngine.Compute(input, From, To).Subnet(1)!.Revenue;

        Assert.True(revenue.Annualised.At(asOf.AddDays(180)).HasValue);
        Assert.Equal(MissingReason.StaleRevenue, revenue.Annualised.At(asOf.AddDays(181)).Reason);
        Assert.Equal(2_400_000m, revenue.At(To).LastKnown.Base);
        Assert.Equal(asOf, revenue.At(To).AsOf);
    }

    [Fact]
    public void A_subnet_known_only_from_the_ledger_still_gets_series()
    {
        var input = Input() with { RevenueEntries = [TestData.RunRate(1, 77, From, 1_000_000m)] };

        var sn77 = ValuationEngine.Compute(input, From, To).Subnet(77)!;

        Assert.Equal(1_000_000m, sn77.Revenue.Annualised.At(To).Base);
        // Absent from every complete network day: not registered, so the chain paid it nothing (docs/metrics.md, "Whole-network totals").
        Assert.Equal(0m, sn77.TaoSide.AnnualisedUsd.At(To).Base);
    }

    [Fact]
    public void One_thread_and_many_threads_give_identical_results()
    {
        var parallel = TestData.Flatten(ValuationEngine.Compute(Input(), From, To)).ToArray();
        var serial = TestData.Flatten(ValuationEngine.Compute(Input(), From, To, ValuationOptions.Default with { MaxDegreeOfParallelism = 1 })).ToArray();

        Assert.Equal(serial, parallel);
    }

    [Fact]
    public void Subnets_computed_without_the_network_are_identical_to_the_full_computation()
    {
        var full = ValuationEngine.Compute(Input(), From, To);
        var subnetsOnly = ValuationEngine.ComputeSubnets(Input(), From, To);

        Assert.Equal(full.Subnets.Select(s => s.Netuid), subnetsOnly.Select(s => s.Netuid));
        var expected = full.Subnets.SelectMany(s => TestData.SubnetSeries(s).SelectMany(n => n.Series.Select((m, i) => (s.Netuid, n.Name, i, m))));
        var actual = subnetsOnly.SelectMany(s => TestData.SubnetSeries(s).SelectMany(n => n.Series.Select((m, i) => (s.Netuid, n.Name, i, m))));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Series_cover_the_requested_range_day_by_day()
    {
        var result = ValuationEngine.Compute(Input(), From, To);
        var series = result.Subnet(1)!.TaoSide.AnnualisedUsd;

        Assert.Equal(From, series.From);
        Assert.Equal(To, series.To);
        Assert.Equal(10, series.Count);
        Assert.Equal([1, 2], result.Subnets.Select(s => s.Netuid));
        Assert.Throws<ArgumentOutOfRangeException>(() => series.At(To.AddDays(1)));
    }

    [Fact]
    public void A_7_day_window_is_a_setting()
    {
        var options = TestData.Options(7);
        var input = Input(d => d > To.AddDays(-7));

        var sn1 = ValuationEngine.Compute(input, To, To, options).Subnet(1)!.At(To);

        Assert.Equal(42_048_000m, sn1.TaoSide.AnnualisedUsd.Base);
        Assert.Equal(To.AddDays(-6), ValuationEngine.FirstInputDay(To, options));
    }

    [Fact]
    public void A_negative_input_fails_the_figures_that_read_it_and_nothing_else()
    {
        var input = Input();
        var brokenDay = TestData.Day(1, To) with { TaoInEmissionRao = -1m, AlphaPriceTao = -0.02m };
        input = input with
        {
            SubnetDays = [.. input.SubnetDays.Where(d => d.Netuid != 1 || d.Day != To), brokenDay],
            DailyRevenue = [new DailyRevenueInput(1, To, RevenueComponents.ChutesPayAsYouGo, -5m, true)],
        };

        var result = ValuationEngine.Compute(input, From, To);
        var sn1 = result.Subnet(1)!.At(To);
        var sn2 = result.Subnet(2)!.At(To);
        var network = result.Network.At(To);

        Assert.Equal(MissingReason.InvalidInput, sn1.TaoSideTaoPerDay.Reason);
        Assert.Equal(MissingReason.InvalidInput, sn1.AlphaSide.DailyUsd.Reason);
        Assert.Equal(MissingReason.InvalidInput, sn1.AlphaPriceTao.Reason);
        Assert.Equal(MissingReason.InvalidInput, sn1.MarketCapUsd.Reason);
        // 29 good days of 288 TAO in the 30-day window: annualised over the days present, 288 × 365, noted.
        Assert.Equal(105_120m, sn1.AnnualisedTaoSideTao.Base);
        Assert.True(sn1.AnnualisedTaoSideTao.Notes.HasFlag(MetricNotes.WindowHasGaps));
        // The feed's only row is broken, so the ledger's $2.4M run-rate stands.
        Assert.Equal(2_400_000m, sn1.Revenue.Annualised.Base);
        Assert.Equal(432m, sn2.TaoSideTaoPerDay.Base);
        Assert.Equal(432m, network.TaoSideTaoPerDay.Base);
        Assert.True(network.TaoSideTaoPerDay.Notes.HasFlag(MetricNotes.SomeSubnetsMissing));
    }

    [Fact]
    public void A_negative_tao_price_fails_that_days_usd_figures_only()
    {
        var input = Input();
        input = input with { MarketDays = [.. input.MarketDays.Where(d => d.Day != To), TestData.Market(To, price: -400m)] };

        var result = ValuationEngine.Compute(input, From, To);

        Assert.Equal(MissingReason.InvalidInput, result.Network.At(To).TaoPriceUsd.Reason);
        Assert.Equal(MissingReason.InvalidInput, result.Subnet(2)!.At(To).TaoSide.DailyUsd.Reason);
        Assert.Equal(432m, result.Subnet(2)!.At(To).TaoSideTaoPerDay.Base);
        Assert.Equal(172_800m, result.Subnet(2)!.At(To.AddDays(-1)).TaoSide.DailyUsd.Base);
    }

    [Fact]
    public void A_revenue_entry_that_is_not_whole_days_is_invalid_for_its_subnet_only()
    {
        var hour = new RevenueEntryInput(7, 2, RevenueEntryKind.Realised, RevenueSourceType.SelfReported)
        {
            PeriodStart = TestData.At(From, 10),
            PeriodEnd = TestData.At(From, 11),
            AmountUsd = 1_000m,
        };
        var input = Input() with { RevenueEntries = [.. Input().RevenueEntries, hour] };

        var result = ValuationEngine.Compute(input, From, To);

        Assert.Equal(MissingReason.InvalidInput, result.Subnet(2)!.At(To).Revenue.Annualised.Reason);
        Assert.Equal(MissingReason.InvalidInput, result.Subnet(2)!.At(To).TaoSide.SubsidyToRevenue.Reason);
        Assert.Equal(2_400_000m, result.Subnet(1)!.At(To).Revenue.Annualised.Base);
    }

    [Fact]
    public void An_absurd_multiple_makes_growth_out_of_range_and_the_valuation_still_completes()
    {
        // SN2 at 1e19 rao a block: 1e19 × 7,200 / 1e9 = 7.2e13 TAO a day, × $400 × 365 = $1.0512e19 a year.
        // Over a $0.00000001 run-rate that is 1.0512e27x; one year's growth, (1.0512e27 − 1) × 100 %, is beyond a decimal.
        var input = Input();
        input = input with
        {
            SubnetDays = [.. input.SubnetDays.Select(d => d.Netuid == 2 ? d with { TaoInEmissionRao = 10_000_000_000_000_000_000m } : d)],
            RevenueEntries = [.. input.RevenueEntries, TestData.RunRate(8, 2, From, 0.00000001m)],
        };

        var sn2 = ValuationEngine.Compute(input, From, To, ValuationOptions.Default with { CoverageHorizonYears = 1 }).Subnet(2)!.At(To);

        Assert.Equal(10_512_000_000_000_000_000m, sn2.TaoSide.AnnualisedUsd.Base);
        Assert.Equal(1_051_200_000_000_000_000_000_000_000m, sn2.TaoSide.SubsidyToRevenue.Base);
        Assert.True(sn2.TaoSide.SubsidyToRevenue.Notes.HasFlag(MetricNotes.ImmaterialRevenue));
        Assert.Equal(MissingReason.OutOfRange, sn2.TaoSide.GrowthNeededPercent.Reason);
    }

    [Fact]
    public void A_daily_amount_too_large_to_annualise_is_out_of_range_for_that_figure_only()
    {
        // SN2 at 1e20 rao a block: 7.2e14 TAO a day (kept), × $400 = $2.88e17 a day, above the 1e17 a day that a
        // window can annualise within a decimal: that figure is out of range, SN1 and the TAO figures are not.
        var input = Input();
        input = input with
        {
            SubnetDays = [.. input.SubnetDays.Select(d => d.Netuid == 2 ? d with { TaoInEmissionRao = 100_000_000_000_000_000_000m } : d)],
        };

        var result = ValuationEngine.Compute(input, From, To);
        var sn2 = result.Subnet(2)!.At(To);

        Assert.Equal(720_000_000_000_000m, sn2.TaoSideTaoPerDay.Base);
        Assert.Equal(262_800_000_000_000_000m, sn2.AnnualisedTaoSideTao.Base);
        Assert.Equal(MissingReason.OutOfRange, sn2.TaoSide.DailyUsd.Reason);
        Assert.Equal(42_048_000m, result.Subnet(1)!.At(To).TaoSide.AnnualisedUsd.Base);
    }

    [Fact]
    public void Two_rows_for_one_subnet_day_are_rejected()
    {
        var input = Input() with { SubnetDays = [TestData.Day(1, To), TestData.Day(1, To)] };

        Assert.Throws<ArgumentException>(() => ValuationEngine.Compute(input, From, To));
    }
}
