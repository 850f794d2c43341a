using TaoLens.Core.Valuation;

namespace TaoLens.Benchmarks;

/// <summary>
/// Deterministic synthetic history for the valuation benchmark: 129 subnets × 1,095 days (plus the 29-day
/// window lookback), one market row a day, a revenue ledger for about half the subnets, daily feeds for three.
/// Per-block figures are means of three integer samples carried to 9 decimals, as <c>DailyRollup</c> produces them.
/// </summary>
public sealed class ValuationData
{
    public const int Subnets = 129;
    public const int Days = 1_095;
    public const int Seed = 20_261_101;

    private ValuationData(ValuationInput input, DateOnly from, DateOnly to, ValuationOptions options)
    {
        Input = input;
        From = from;
        To = to;
        Options = options;
    }

    public ValuationInput Input { get; }

    public DateOnly From { get; }

    public DateOnly To { get; }

    public ValuationOptions Options { get; }

    public static ValuationData Generate()
    {
        var options = ValuationOptions.Default;
        var to = new DateOnly(2026, 10, 31);
        var from = to.AddDays(1 - Days);
        var first = ValuationEngine.FirstInputDay(from, options);
        var totalDays = to.DayNumber - first.DayNumber + 1;
        var random = new Random(Seed);

        var market = new List<MarketDay>(totalDays);
        var price = 300m;
        var issued = 7_000_000m;
        for (var d = 0; d < totalDays; d++)
        {
            var day = first.AddDays(d);
            price = Math.Clamp(decimal.Round(price * (1m + ((decimal)random.NextDouble() - 0.5m) * 0.06m), 2), 120m, 800m);
            issued += issued < 10_500_000m ? 7_200m : 3_600m;
            if (random.Next(200) == 0)
            {
                continue; // an occasional day without a price
            }

            market.Add(new MarketDay(day)
            {
                PriceUsd = price,
                CirculatingSupply = issued,
                TotalSupply = issued,
                MarketCapUsd = price * issued,
                FullyDilutedValuationUsd = price * 21_000_000m,
            });
        }

        var subnetDays = new List<SubnetDay>(Subnets * totalDays);
        for (var netuid = 1; netuid <= Subnets; netuid++)
        {
            var share = 2_000_000L + random.Next(10_000_000);
            var alphaPrice = 0.002m + decimal.Round((decimal)random.NextDouble() * 0.1m, 9);
            var alphaInPool = 500_000_000_000_000L + random.NextInt64(2_000_000_000_000_000L);
            var alphaOutstanding = 1_000_000_000_000_000L + random.NextInt64(4_000_000_000_000_000L);
            var alphaOut = random.Next(4) == 0 ? 500_000_000L : 1_000_000_000L;
            for (var d = 0; d < totalDays; d++)
            {
                // A gap: no snapshot that day. Never the first or last day, so every subnet spans the whole range and
                // "absent on a complete network day is zero" (docs/metrics.md) never applies: the baseline needs no such rule.
                if (random.Next(100) == 0 && d > 0 && d < totalDays - 1)
                {
                    continue;
                }

                var day = first.AddDays(d);
                var blockEmission = issued < 10_500_000m || day < new DateOnly(2025, 12, 14) ? 1m : 0.5m;
                long Sample() => (long)(share * blockEmission) + random.Next(200_000);
                alphaPrice = Math.Max(0.0005m, decimal.Round(alphaPrice * (1m + ((decimal)random.NextDouble() - 0.5m) * 0.04m), 9));
                alphaInPool += random.Next(7_200_000) * 1_000L;
                alphaOutstanding += 7_200_000_000_000L;
                subnetDays.Add(new SubnetDay(netuid, day)
                {
                    TaoInEmissionRao = decimal.Round((Sample() + Sample() + Sample()) / 3m, 9),
                    ExcessTaoRao = d >= totalDays - 150 ? decimal.Round((random.Next(400_000) + random.Next(400_000) + random.Next(400_000)) / 3m, 9) : null,
                    AlphaOutEmissionRao = alphaOut,
                    AlphaInEmissionRao = decimal.Round((Sample() + Sample() + Sample()) / 3m / alphaPrice, 9),
                    AlphaInPoolRao = alphaInPool,
                    AlphaOutstandingRao = alphaOutstanding,
                    TaoInPoolRao = (long)(alphaInPool * alphaPrice),
                    AlphaPriceTao = alphaPrice,
                    MovingPriceTao = alphaPrice,
                    SnapshotCount = 3,
                });
            }
        }

        var entries = new List<RevenueEntryInput>();
        long id = 1;
        for (var netuid = 1; netuid <= Subnets; netuid++)
        {
            if (random.Next(2) == 0)
            {
                continue;
            }

            var count = 1 + random.Next(4);
            for (var k = 0; k < count; k++)
            {
                var end = first.AddDays(random.Next(totalDays));
                var amount = 10_000m * (1 + random.Next(500));
                var ranged = random.Next(3) == 0;
                var entry = random.Next(2) == 0
                    ? new RevenueEntryInput(id++, netuid, RevenueEntryKind.Realised, RevenueSourceType.SelfReported)
                    {
                        PeriodStart = Midnight(end.AddDays(-90)),
                        PeriodEnd = Midnight(end),
                        AmountUsd = amount,
                        LowUsd = ranged ? amount * 0.5m : null,
                        HighUsd = ranged ? amount * 1.5m : null,
                    }
                    : new RevenueEntryInput(id++, netuid, RevenueEntryKind.RunRate, RevenueSourceType.ThirdParty)
                    {
                        AsOf = Midnight(end),
                        AmountUsd = ranged ? null : amount * 4m,
                        LowUsd = ranged ? amount * 2m : null,
                        HighUsd = ranged ? amount * 6m : null,
                    };
                entries.Add(entry);
                if (random.Next(5) == 0)
                {
                    entries.Add(entry with { Id = id++, CorrectsId = entry.Id, AmountUsd = amount * 0.8m, LowUsd = null, HighUsd = null });
                }
            }
        }

        entries.Add(new RevenueEntryInput(id++, null, RevenueEntryKind.RunRate, RevenueSourceType.AnalystEstimate)
        {
            AsOf = Midnight(new DateOnly(2026, 3, 1)),
            LowUsd = 20_000_000m,
            HighUsd = 50_000_000m,
        });

        var feeds = new List<DailyRevenueInput>();
        foreach (var netuid in new[] { 3, 4, 64 })
        {
            for (var d = totalDays - 400; d < totalDays; d++)
            {
                var day = first.AddDays(d);
                feeds.Add(new DailyRevenueInput(netuid, day, RevenueComponents.ChutesSubscriber, decimal.Round((decimal)random.NextDouble() * 5_000m, 2), true));
                feeds.Add(new DailyRevenueInput(netuid, day, RevenueComponents.ChutesPayAsYouGo, decimal.Round((decimal)random.NextDouble() * 20_000m, 2), true));
                feeds.Add(new DailyRevenueInput(netuid, day, RevenueComponents.ChutesPendingInstance, decimal.Round((decimal)random.NextDouble() * 3_000m, 2), false));
                feeds.Add(new DailyRevenueInput(netuid, day, RevenueComponents.ChutesSponsoredInference, decimal.Round((decimal)random.NextDouble() * 8_000m, 2), false));
            }
        }

        var input = new ValuationInput
        {
            SubnetDays = subnetDays,
            MarketDays = market,
            RevenueEntries = entries,
            DailyRevenue = feeds,
        };
        return new ValuationData(input, from, to, options);
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
