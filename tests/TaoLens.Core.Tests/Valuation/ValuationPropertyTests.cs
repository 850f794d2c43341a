using CsCheck;
using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

/// <summary>Properties every figure must keep, checked on generated inputs with CsCheck.</summary>
public sealed class ValuationPropertyTests
{
    private const int Window = 7;
    private static readonly DateOnly To = new(2026, 6, 30);
    private static readonly DateOnly From = To.AddDays(-9);
    private static readonly DateOnly First = From.AddDays(1 - Window);
    private static readonly int TotalDays = To.DayNumber - First.DayNumber + 1;

    // Whole cents and whole nano-units, as stored amounts are (CsCheck's decimal generator is avoided: it cannot shrink from 0).
    private static readonly Gen<decimal> GenUsd = Gen.Long[0, 10_000_000_000].Select(cents => cents / 100m);
    private static readonly Gen<decimal> GenTaoPrice = Gen.Int[5_000, 80_000].Select(cents => cents / 100m);
    private static readonly Gen<decimal> GenAlphaPrice = Gen.Long[100_000, 500_000_000].Select(units => units / 1_000_000_000m);

    // An ordered triple of non-negative amounts: sometimes a point, sometimes a range starting at zero.
    private static readonly Gen<Metric> GenAmount =
        Gen.Select(GenUsd, GenUsd, GenUsd, Gen.Int[0, 3])
            .Select((a, b, c, kind) =>
            {
                if (kind == 0)
                {
                    return Metric.Of(a);
                }

                var sorted = new[] { kind == 1 ? 0m : a, b, c };
                Array.Sort(sorted);
                return Metric.Of(sorted[0], sorted[1], sorted[2]);
            });

    private static readonly Gen<SubnetDay?> GenSubnetDay =
        Gen.Select(
                Gen.Int[0, 9],
                Gen.Long[0, 200_000_000],
                Gen.Long[0, 50_000_000].Nullable(),
                Gen.Long[0, 2_000_000_000],
                GenAlphaPrice,
                Gen.Long[0, 5_000_000_000_000_000],
                Gen.Long[0, 9_000_000_000_000_000])
            .Select<int, long, long?, long, decimal, long, long, SubnetDay?>((presence, taoIn, excess, alpha, price, pool, outstanding) =>
                presence == 0
                    ? null
                    : new SubnetDay(0, default)
                    {
                        TaoInEmissionRao = presence == 1 ? null : taoIn,
                        ExcessTaoRao = excess,
                        AlphaOutEmissionRao = alpha,
                        AlphaInEmissionRao = alpha / 2,
                        AlphaPriceTao = presence == 2 ? null : price,
                        AlphaInPoolRao = pool,
                        AlphaOutstandingRao = presence == 3 ? null : outstanding,
                    });

    private static readonly Gen<RevenueEntryInput> GenEntry =
        Gen.Select(Gen.Int[1, 4].Nullable(), Gen.Bool, Gen.Int[0, 400], GenAmount, Gen.Int[1, 120], Gen.Enum<RevenueSourceType>())
            .Select((netuid, runRate, daysBefore, amount, periodDays, source) =>
            {
                var asOf = To.AddDays(-daysBefore);
                var entry = runRate
                    ? new RevenueEntryInput(0, netuid, RevenueEntryKind.RunRate, source) { AsOf = TestData.Midnight(asOf) }
                    : new RevenueEntryInput(0, netuid, RevenueEntryKind.Realised, source)
                    {
                        PeriodStart = TestData.Midnight(asOf.AddDays(-periodDays)),
                        PeriodEnd = TestData.Midnight(asOf),
                    };
                return entry with { AmountUsd = amount.Base, LowUsd = amount.Low, HighUsd = amount.High };
            });

    private static readonly Gen<ValuationInput> GenInput =
        Gen.Select(
                Gen.Int[1, 4],
                GenSubnetDay.Array[4 * TotalDays],
                GenTaoPrice.Nullable().Array[TotalDays],
                GenEntry.Array[0, 8],
                Gen.Long[0, 2_000_000].Select(cents => cents / 100m).Nullable().Array[TotalDays],
                Gen.Int[0, 8])
            .Select((subnets, days, prices, entries, feed, correctionTarget) =>
            {
                var subnetDays = new List<SubnetDay>();
                for (var s = 0; s < subnets; s++)
                {
                    for (var d = 0; d < TotalDays; d++)
                    {
                        if (days[(s * TotalDays) + d] is { } day)
                        {
                            subnetDays.Add(day with { Netuid = s + 1, Day = First.AddDays(d) });
                        }
                    }
                }

                var market = prices
                    .Select((price, d) => price is { } p ? new MarketDay(First.AddDays(d)) { PriceUsd = p, CirculatingSupply = 11_000_000m, TotalSupply = 11_000_000m } : null)
                    .OfType<MarketDay>()
                    .ToArray();
                var ledger = entries.Select((e, i) => e with { Id = i + 1 }).ToList();
                if (correctionTarget < ledger.Count)
                {
                    ledger.Add(ledger[correctionTarget] with { Id = 100, CorrectsId = ledger[correctionTarget].Id, AmountUsd = 1_000m, LowUsd = null, HighUsd = null });
                }

                var rows = feed
                    .Select((amount, d) => amount is { } a ? new DailyRevenueInput(1, First.AddDays(d), RevenueComponents.ChutesPayAsYouGo, a, true) : null)
                    .OfType<DailyRevenueInput>()
                    .ToArray();
                return new ValuationInput { SubnetDays = subnetDays, MarketDays = market, RevenueEntries = ledger, DailyRevenue = rows };
            });

    private static readonly Gen<ValuationOptions> GenOptions =
        Gen.Select(GenTaoPrice, Gen.Int[0, 30_000].Select(cents => cents / 100m), Gen.Bool)
            .Select((price, spread, withOverride) => new ValuationOptions
            {
                WindowDays = Window,
                MaxDegreeOfParallelism = 1,
                TaoPriceUsdOverride = withOverride ? new Range3(price, price + spread, price + spread + spread) : null,
            });

    [Fact]
    public void More_revenue_never_raises_a_multiple()
    {
        Gen.Select(GenAmount, GenAmount, GenUsd, Gen.Int[1, 10])
            .Sample((numerator, revenue, extra, years) =>
            {
                var more = Metric.Of(revenue.Low!.Value + extra, revenue.Base!.Value + extra, revenue.High!.Value + extra);
                return NotHigher(Multiples.SubsidyToRevenue(numerator, more), Multiples.SubsidyToRevenue(numerator, revenue))
                    && NotHigher(Multiples.PriceToSales(numerator, more), Multiples.PriceToSales(numerator, revenue))
                    && NotHigher(Scenarios.GrowthNeededPercent(numerator, more, years), Scenarios.GrowthNeededPercent(numerator, revenue, years))
                    && NotHigher(Multiples.CoveragePercent(numerator, revenue), Multiples.CoveragePercent(numerator, more));
            }, iter: 2_000);
    }

    [Fact]
    public void Low_base_high_stay_ordered_in_every_figure()
    {
        long ranges = 0, open = 0, missing = 0;
        Gen.Select(GenInput, GenOptions).Sample((input, options) =>
        {
            foreach (var (name, index, metric) in TestData.Flatten(ValuationEngine.Compute(input, From, To, options)))
            {
                if (metric.HasValue && (metric.Low > metric.Base || (!metric.IsHighUnbounded && metric.Base > metric.High)))
                {
                    throw new InvalidOperationException($"{name}[{index}] is out of order: {metric}");
                }

                Interlocked.Add(ref ranges, metric.HasValue && !metric.IsPoint ? 1 : 0);
                Interlocked.Add(ref open, metric.IsHighUnbounded ? 1 : 0);
                Interlocked.Add(ref missing, metric.HasValue ? 0 : 1);
            }
        }, iter: 150);

        // The property is only worth something if the inputs produce ranges, open highs and gaps.
        Assert.True(ranges > 0 && open > 0 && missing > 0, $"ranges {ranges}, open {open}, missing {missing}");
    }

    [Fact]
    public void The_network_total_equals_the_sum_of_its_subnets()
    {
        Gen.Select(GenInput, GenOptions).Sample((input, options) =>
        {
            var result = ValuationEngine.Compute(input, From, To, options);
            for (var i = 0; i < result.Network.Count; i++)
            {
                AssertSum(result.Network.AnnualisedTaoSideTao[i], result.Subnets.Select(s => s.AnnualisedTaoSideTao[i]));
                AssertSum(result.Network.TaoSideTaoPerDay[i], result.Subnets.Select(s => s.TaoSideTaoPerDay[i]));
                AssertSum(result.Network.TaoSide.AnnualisedUsd[i], result.Subnets.Select(s => s.TaoSide.AnnualisedUsd[i]));
                AssertSum(result.Network.AlphaSide.AnnualisedUsd[i], result.Subnets.Select(s => s.AlphaSide.AnnualisedUsd[i]));
                AssertSum(result.Network.KnownRevenueUsd[i], result.Subnets.Select(s => s.Revenue.Annualised[i]));
                Assert.Equal(result.Subnets.Count(s => s.Revenue.Annualised[i].HasValue), result.Network.SubnetsWithRevenue[i]);
            }
        }, iter: 150);
    }

    [Fact]
    public void Results_do_not_depend_on_input_order()
    {
        Gen.Select(GenInput, GenOptions, Gen.Int).Sample((input, options, seed) =>
        {
            var random = new Random(seed);
            var shuffled = new ValuationInput
            {
                SubnetDays = [.. input.SubnetDays.OrderBy(_ => random.Next())],
                MarketDays = [.. input.MarketDays.OrderBy(_ => random.Next())],
                RevenueEntries = [.. input.RevenueEntries.OrderBy(_ => random.Next())],
                DailyRevenue = [.. input.DailyRevenue.OrderBy(_ => random.Next())],
            };

            var expected = TestData.Flatten(ValuationEngine.Compute(input, From, To, options)).ToArray();
            var actual = TestData.Flatten(ValuationEngine.Compute(shuffled, From, To, options)).ToArray();
            Assert.Equal(expected, actual);
        }, iter: 100);
    }

    [Fact]
    public void A_day_computed_alone_equals_that_day_within_a_range()
    {
        // Pages read one day out of a cached range series (compare's table, the chart's last point): it must be the same figure.
        Gen.Select(GenInput, GenOptions, Gen.Int[0, 9]).Sample((input, options, offset) =>
        {
            var day = From.AddDays(offset);
            var inRange = TestData.Flatten(ValuationEngine.Compute(input, From, To, options))
                .Where(f => f.Index == offset)
                .ToDictionary(f => f.Name, f => f.Value);
            var alone = TestData.Flatten(ValuationEngine.Compute(input, day, day, options)).ToArray();
            Assert.NotEmpty(alone);
            foreach (var (name, _, value) in alone)
            {
                Assert.Equal(value, inRange[name]);
            }
        }, iter: 100);
    }

    [Fact]
    public void The_daily_rollup_does_not_depend_on_snapshot_order()
    {
        var genSnapshot = Gen.Select(Gen.Int[1, 3], Gen.Int[0, 3 * 24 * 60], Gen.Long[0, 100_000_000].Nullable(), GenAlphaPrice.Nullable(), Gen.Long[0, 1_000_000].Nullable())
            .Select((netuid, minute, taoIn, price, pool) => new SubnetSnapshotInput(netuid, TestData.Midnight(To).AddMinutes(minute), "chain")
            {
                TaoInEmissionRao = taoIn,
                AlphaPriceTao = price,
                AlphaInPoolRao = pool,
            });

        Gen.Select(genSnapshot.Array[0, 40], Gen.Int).Sample((snapshots, seed) =>
        {
            // Drop clashing keys: one snapshot per (subnet, instant, source) is the storage rule.
            var unique = snapshots.DistinctBy(s => (s.Netuid, s.ObservedAt)).ToArray();
            var random = new Random(seed);
            Assert.Equal(DailyRollup.Subnets(unique), DailyRollup.Subnets(unique.OrderBy(_ => random.Next())));
        }, iter: 500);
    }

    [Fact]
    public void A_sliding_window_equals_a_window_summed_afresh()
    {
        Gen.Select(GenInput, GenOptions).Sample((input, options) =>
        {
            // Compute from the first input day so the daily series holds every day a later window reads.
            var result = ValuationEngine.Compute(input, First, To, options);
            foreach (var subnet in result.Subnets)
            {
                for (var i = Window - 1; i < subnet.Count; i++)
                {
                    var window = Enumerable.Range(i - Window + 1, Window).Select(j => subnet.TaoSide.DailyUsd[j]).ToArray();
                    Assert.Equal(Annualisation.Annualise(window, options), subnet.TaoSide.AnnualisedUsd[i]);
                }
            }
        }, iter: 100);
    }

    // Missing because of a zero denominator, or an open high bound, counts as +infinity.
    private static bool NotHigher(Metric smaller, Metric larger)
    {
        if (!larger.HasValue && larger.Reason == MissingReason.DivisionByZero)
        {
            return true;
        }

        if (!smaller.HasValue || !larger.HasValue)
        {
            return smaller.Reason == larger.Reason;
        }

        return smaller.Low <= larger.Low
            && smaller.Base <= larger.Base
            && (larger.IsHighUnbounded || (!smaller.IsHighUnbounded && smaller.High <= larger.High));
    }

    private static void AssertSum(Metric total, IEnumerable<Metric> subnets)
    {
        var present = subnets.Where(m => m.HasValue).ToArray();
        if (present.Length == 0)
        {
            Assert.False(total.HasValue);
            return;
        }

        Assert.Equal(present.Aggregate(0m, (sum, m) => sum + m.Low!.Value), total.Low);
        Assert.Equal(present.Aggregate(0m, (sum, m) => sum + m.Base!.Value), total.Base);
        Assert.Equal(present.Aggregate(0m, (sum, m) => sum + m.High!.Value), total.High);
    }
}
