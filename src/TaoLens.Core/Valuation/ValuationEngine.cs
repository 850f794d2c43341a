namespace TaoLens.Core.Valuation;

/// <summary>
/// What the engine reads: daily rollups (see <see cref="DailyRollup"/>), the revenue ledger and daily revenue feeds.
/// Give days from <see cref="ValuationEngine.FirstInputDay"/> so the first requested day has a full window;
/// days not given are gaps. Order does not matter.
/// </summary>
public sealed record ValuationInput
{
    public IReadOnlyList<SubnetDay> SubnetDays { get; init; } = [];

    public IReadOnlyList<MarketDay> MarketDays { get; init; } = [];

    /// <summary>The whole ledger, network-wide claims included; corrections are applied by the engine.</summary>
    public IReadOnlyList<RevenueEntryInput> RevenueEntries { get; init; } = [];

    public IReadOnlyList<DailyRevenueInput> DailyRevenue { get; init; } = [];

    /// <summary>
    /// The complete network days (docs/metrics.md, "Whole-network totals") when <see cref="SubnetDays"/> holds only
    /// some subnets; null lets the engine find them in <see cref="SubnetDays"/>.
    /// </summary>
    public IReadOnlyList<DateOnly>? CompleteNetworkDays { get; init; }
}

/// <summary>
/// Computes every metric as a daily series for each subnet and for the network over [from, to]
/// (docs/metrics.md). Pure: the same input gives the same output, whatever its order.
/// </summary>
public static class ValuationEngine
{
    private static readonly Metric NoFeedRow = Metric.Missing(MissingReason.NoRevenueData);

    /// <summary>The first day whose data the window of <paramref name="from"/> reads.</summary>
    public static DateOnly FirstInputDay(DateOnly from, ValuationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return from.AddDays(1 - options.WindowDays);
    }

    /// <summary>
    /// Every metric of every subnet in <paramref name="input"/>, and of the network, for each UTC day in
    /// [<paramref name="from"/>, <paramref name="to"/>]. A single day is from = to.
    /// </summary>
    public static ValuationResult Compute(ValuationInput input, DateOnly from, DateOnly to, ValuationOptions? options = null)
    {
        options ??= ValuationOptions.Default;
        var (subnets, network) = Run(input, from, to, options, withNetwork: true);
        return new ValuationResult(from, to, options, subnets, network!);
    }

    /// <summary>
    /// The subnets' series alone, identical to <see cref="Compute"/>'s: for a request that shows subnets only, the
    /// network's figures (half the work for one subnet) are skipped.
    /// </summary>
    public static IReadOnlyList<SubnetValuationSeries> ComputeSubnets(ValuationInput input, DateOnly from, DateOnly to, ValuationOptions? options = null) =>
        Run(input, from, to, options ?? ValuationOptions.Default, withNetwork: false).Subnets;

    private static (SubnetValuationSeries[] Subnets, NetworkValuationSeries? Network) Run(ValuationInput input, DateOnly from, DateOnly to, ValuationOptions options, bool withNetwork)
    {
        ArgumentNullException.ThrowIfNull(input);
        options.Validate();
        if (to < from)
        {
            throw new ArgumentException($"The range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));
        }

        var first = FirstInputDay(from, options);
        var lookback = options.WindowDays - 1;
        var totalDays = to.DayNumber - first.DayNumber + 1;
        var count = totalDays - lookback;

        var market = PlaceMarketDays(input.MarketDays, first, totalDays);
        var prices = new Metric[totalDays];
        for (var d = 0; d < totalDays; d++)
        {
            prices[d] = MarketValue.TaoPriceUsd(market[d], options);
        }

        // One price series serves every subnet and the network: the price is the day's, whoever reads it.
        var priceSeries = new SeriesStore(from, count, columnsPerBlock: 1).NewSeries();
        for (var i = 0; i < count; i++)
        {
            priceSeries.Set(i, prices[i + lookback]);
        }

        var subnetDays = PlaceSubnetDays(input.SubnetDays, first, totalDays);
        // Spans and registrations come from every row given, not only the range's, so a day's figures do not depend on the range asked.
        var spans = NetworkDays.Spans(input.SubnetDays);
        var completeDays = input.CompleteNetworkDays is { } given
            ? NetworkDays.Place(given, first, totalDays)
            : NetworkDays.Complete(spans.Values, subnetDays.Values, first, totalDays);
        var ledger = GroupLedger(input.RevenueEntries, out var networkLedger);
        var feeds = GroupFeeds(input.DailyRevenue, first, totalDays, out var feedSeenBefore);

        var netuids = new SortedSet<int>(subnetDays.Keys);
        netuids.UnionWith(ledger.Keys);
        netuids.UnionWith(feeds.Keys);

        // Subnets are independent, so they may be computed in parallel; network sums are then added subnet by
        // subnet in netuid order for each day, so the result is the same however many threads ran.
        var order = netuids.ToArray();
        var subnets = new SubnetValuationSeries[order.Length];
        // One subnet (a subnet page, a series request) is less work than handing it to other threads.
        var parallel = options.MaxDegreeOfParallelism != 1 && order.Length > 1;
        ForEach(order.Length, parallel, options, s =>
        {
            var netuid = order[s];
            var series = new SubnetValuationSeries(netuid, from, count, priceSeries, options.CoverageHorizonYears);
            var history = new SubnetHistory(subnetDays.GetValueOrDefault(netuid), completeDays, spans.GetValueOrDefault(netuid), first, ledger.GetValueOrDefault(netuid) ?? [], feeds.ContainsKey(netuid));
            var timeline = history.InitialTimeline(feedSeenBefore.Contains(netuid), options);
            ComputeSubnet(series, history, feeds.GetValueOrDefault(netuid), timeline, prices, first, lookback, options);
            subnets[s] = series;
        });

        if (!withNetwork)
        {
            return (subnets, null);
        }

        var totals = new NetworkTotals(count);
        ForEach((count + NetworkTotals.BlockDays - 1) / NetworkTotals.BlockDays, parallel, options, block => totals.SumBlock(block, subnets));

        var network = new NetworkValuationSeries(from, count, priceSeries, options.CoverageHorizonYears);
        ComputeNetwork(network, totals, new RevenueTimeline(networkLedger, hasFeed: false, feedSeenBefore: false, options), market, first, lookback, options);
        return (subnets, network);
    }

    private static void ForEach(int count, bool parallel, ValuationOptions options, Action<int> body)
    {
        if (!parallel)
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, body);
    }

    private static void ComputeSubnet(
        SubnetValuationSeries series,
        SubnetHistory history,
        DailyExternal? feed,
        RevenueTimeline timeline,
        Metric[] prices,
        DateOnly first,
        int lookback,
        ValuationOptions options)
    {
        var taoTaoWindow = new RollingAnnualiser(options);
        var taoUsdWindow = new RollingAnnualiser(options);
        var alphaUsdWindow = new RollingAnnualiser(options);
        var days = history.Days;
        series.RegisteredOn = history.RegisteredBeforeRange ?? history.FirstDayIfRegisteredInRange(first);
        for (var d = 0; d < prices.Length; d++)
        {
            var day = days?[d];
            var price = prices[d];
            if (history.StartsNewHistory(d))
            {
                // A re-registered netuid: the predecessor's days count as zero for the newcomer, and its revenue is dropped.
                taoTaoWindow = new RollingAnnualiser(options);
                taoUsdWindow = new RollingAnnualiser(options);
                alphaUsdWindow = new RollingAnnualiser(options);
                for (var k = Math.Max(0, d - options.WindowDays + 1); k < d; k++)
                {
                    var before = history.NewcomerBefore(k);
                    var beforeUsd = Subsidy.TaoSideUsdPerDay(before, prices[k]);
                    taoTaoWindow.Slide(before);
                    taoUsdWindow.Slide(beforeUsd);
                    alphaUsdWindow.Slide(beforeUsd);
                }

                timeline = history.NewcomerTimeline(first.AddDays(d), options);
                series.RegisteredOn = first.AddDays(d);
            }

            // Absent from a complete network day's emission record: not registered (yet, or any more), so the chain paid it nothing.
            var absentIsZero = day?.TaoInEmissionRao is null && history.AbsentIsZero(d);
            var taoTao = absentIsZero ? Metric.Of(0m) : Subsidy.TaoSideTaoPerDay(day);
            var taoUsd = Subsidy.TaoSideUsdPerDay(taoTao, price);
            var alphaUsd = absentIsZero ? taoUsd : Subsidy.AlphaSideUsdPerDay(day, price);

            var revenue = feed is null
                ? timeline.Advance(first.AddDays(d), NoFeedRow, default)
                : timeline.Advance(first.AddDays(d), feed.Values[d], feed.Sources[d]);
            if (d < lookback)
            {
                // Lookback days only fill the windows of the first requested days.
                taoTaoWindow.Slide(taoTao);
                taoUsdWindow.Slide(taoUsd);
                alphaUsdWindow.Slide(alphaUsd);
                continue;
            }

            var annualTaoTao = taoTaoWindow.Push(taoTao);
            var annualTaoUsd = taoUsdWindow.Push(taoUsd);
            var annualAlphaUsd = alphaUsdWindow.Push(alphaUsd);
            var i = d - lookback;
            series.TaoSideTaoPerDay.Set(i, taoTao);
            series.AnnualisedTaoSideTao.Set(i, annualTaoTao);
            series.TaoSide.Set(i, taoUsd, annualTaoUsd, revenue.Annualised);
            series.AlphaSide.Set(i, alphaUsd, annualAlphaUsd, revenue.Annualised);
            series.Revenue.Set(i, revenue);
            var alphaPrice = MarketValue.AlphaPriceTao(day);
            series.AlphaPriceTao.Set(i, alphaPrice);
            var marketCap = MarketValue.SubnetMarketCapUsd(day, price);
            var fullyDiluted = MarketValue.SubnetFullyDilutedUsd(day, price);
            series.MarketCapUsd.Set(i, marketCap);
            series.FullyDilutedUsd.Set(i, fullyDiluted);
            series.AlphaHalving.Set(i, Scenarios.AlphaHalving(day));
        }
    }

    private static void ComputeNetwork(
        NetworkValuationSeries network,
        NetworkTotals totals,
        RevenueTimeline claims,
        MarketDay?[] market,
        DateOnly first,
        int lookback,
        ValuationOptions options)
    {
        for (var d = 0; d < market.Length; d++)
        {
            var claimed = claims.Advance(first.AddDays(d), NoFeedRow, default);
            if (d < lookback)
            {
                continue;
            }

            var i = d - lookback;
            var marketDay = market[d];
            var marketCap = MarketValue.TaoMarketCapUsd(marketDay, options);
            var fullyDiluted = MarketValue.TaoFullyDilutedUsd(marketDay, options);
            var revenue = totals.KnownRevenue[i];

            network.TaoMarketCapUsd.Set(i, marketCap);
            network.TaoFullyDilutedUsd.Set(i, fullyDiluted);
            network.TaoSideTaoPerDay.Set(i, totals.TaoTao[i]);
            network.AnnualisedTaoSideTao.Set(i, totals.AnnualTaoTao[i]);
            network.TaoSide.Set(i, totals.TaoUsd[i], totals.AnnualTaoUsd[i], revenue);
            network.AlphaSide.Set(i, totals.AlphaUsd[i], totals.AnnualAlphaUsd[i], revenue);
            network.KnownRevenueUsd.Set(i, revenue);
            network.SetSubnetsWithRevenue(i, totals.SubnetsWithRevenue[i]);
            network.RevenueCoverageSharePercent.Set(i, totals.CoverageShare[i]);
            network.ClaimedRevenue.Set(i, claimed);
            network.TaoHalving.Set(i, Scenarios.TaoHalving(marketDay));
        }
    }

    private static MarketDay?[] PlaceMarketDays(IReadOnlyList<MarketDay> days, DateOnly first, int totalDays)
    {
        ArgumentNullException.ThrowIfNull(days);
        var placed = new MarketDay?[totalDays];
        foreach (var day in days)
        {
            ArgumentNullException.ThrowIfNull(day);
            var index = day.Day.DayNumber - first.DayNumber;
            if (index < 0 || index >= totalDays)
            {
                continue;
            }

            if (placed[index] is not null)
            {
                throw new ArgumentException($"Two market rows for {day.Day:yyyy-MM-dd}; roll snapshots up first.", nameof(days));
            }

            placed[index] = day;
        }

        return placed;
    }

    private static Dictionary<int, SubnetDay?[]> PlaceSubnetDays(IReadOnlyList<SubnetDay> days, DateOnly first, int totalDays)
    {
        ArgumentNullException.ThrowIfNull(days);
        var bySubnet = new Dictionary<int, SubnetDay?[]>();
        SubnetDay?[]? current = null;
        var currentNetuid = 0;
        foreach (var day in days)
        {
            ArgumentNullException.ThrowIfNull(day);
            var index = day.Day.DayNumber - first.DayNumber;
            if (index < 0 || index >= totalDays)
            {
                continue;
            }

            // Rows usually arrive grouped by subnet; remembering the last array skips most lookups.
            if (current is null || currentNetuid != day.Netuid)
            {
                if (!bySubnet.TryGetValue(day.Netuid, out current))
                {
                    current = new SubnetDay?[totalDays];
                    bySubnet.Add(day.Netuid, current);
                }

                currentNetuid = day.Netuid;
            }

            if (current[index] is not null)
            {
                throw new ArgumentException($"Two rows for subnet {day.Netuid} on {day.Day:yyyy-MM-dd}; roll snapshots up first.", nameof(days));
            }

            current[index] = day;
        }

        return bySubnet;
    }

    private static Dictionary<int, List<RevenueEntryInput>> GroupLedger(IReadOnlyList<RevenueEntryInput> entries, out List<RevenueEntryInput> network)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var bySubnet = new Dictionary<int, List<RevenueEntryInput>>();
        network = [];

        // ApplyCorrections sorts latest last; grouping keeps that order within each subject.
        foreach (var entry in RevenueResolver.ApplyCorrections(entries))
        {
            if (entry.Netuid is not { } netuid)
            {
                // A group claim is not the network's revenue (nor any one subnet's).
                if (!entry.IsGroupClaim)
                {
                    network.Add(entry);
                }

                continue;
            }

            if (!bySubnet.TryGetValue(netuid, out var list))
            {
                list = [];
                bySubnet.Add(netuid, list);
            }

            list.Add(entry);
        }

        return bySubnet;
    }

    private static Dictionary<int, DailyExternal> GroupFeeds(IReadOnlyList<DailyRevenueInput> rows, DateOnly first, int totalDays, out HashSet<int> seenBefore)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var bySubnet = new Dictionary<int, List<DailyRevenueInput>>();
        seenBefore = [];
        var last = first.AddDays(totalDays - 1);
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row);
            if (row.Day > last)
            {
                continue;
            }

            if (row.Day < first)
            {
                seenBefore.Add(row.Netuid);
                continue;
            }

            if (!bySubnet.TryGetValue(row.Netuid, out var list))
            {
                list = [];
                bySubnet.Add(row.Netuid, list);
            }

            list.Add(row);
        }

        var feeds = new Dictionary<int, DailyExternal>(bySubnet.Count);
        foreach (var (netuid, list) in bySubnet)
        {
            feeds.Add(netuid, DailyExternal.Build(list, first, totalDays));
        }

        // A feed whose rows all precede the range still exists: its window is incomplete, not absent.
        foreach (var netuid in seenBefore)
        {
            if (!feeds.ContainsKey(netuid))
            {
                feeds.Add(netuid, DailyExternal.Build([], first, totalDays));
            }
        }

        return feeds;
    }

    /// <summary>Per output day, the network sums, added subnet by subnet in netuid order. Days are independent.</summary>
    private sealed class NetworkTotals(int count)
    {
        // Days are summed in blocks so each subnet's series are read in runs, not one scattered value per subnet.
        public const int BlockDays = 64;

        public Metric[] TaoTao { get; } = new Metric[count];

        public Metric[] AnnualTaoTao { get; } = new Metric[count];

        public Metric[] TaoUsd { get; } = new Metric[count];

        public Metric[] AnnualTaoUsd { get; } = new Metric[count];

        public Metric[] AlphaUsd { get; } = new Metric[count];

        public Metric[] AnnualAlphaUsd { get; } = new Metric[count];

        public Metric[] KnownRevenue { get; } = new Metric[count];

        public Metric[] CoverageShare { get; } = new Metric[count];

        public int[] SubnetsWithRevenue { get; } = new int[count];

        /// <summary>Sums one block of days: subnet by subnet (netuid order), each subnet's days read in sequence.</summary>
        public void SumBlock(int block, SubnetValuationSeries[] subnets)
        {
            var start = block * BlockDays;
            var days = Math.Min(BlockDays, TaoTao.Length - start);
            var taoTao = new MetricTotal[days];
            var annualTaoTao = new MetricTotal[days];
            var taoUsd = new MetricTotal[days];
            var annualTaoUsd = new MetricTotal[days];
            var alphaUsd = new MetricTotal[days];
            var annualAlphaUsd = new MetricTotal[days];
            var revenue = new MetricTotal[days];
            var share = new CoverageShare[days];
            foreach (var subnet in subnets)
            {
                for (var k = 0; k < days; k++)
                {
                    var i = start + k;
                    var subnetAnnualTaoTao = subnet.AnnualisedTaoSideTao[i];
                    var subnetRevenue = subnet.Revenue.Annualised[i];
                    var netuid = subnet.Netuid;
                    taoTao[k].Add(subnet.TaoSideTaoPerDay[i], netuid);
                    annualTaoTao[k].Add(subnetAnnualTaoTao, netuid);
                    taoUsd[k].Add(subnet.TaoSide.DailyUsd[i], netuid);
                    annualTaoUsd[k].Add(subnet.TaoSide.AnnualisedUsd[i], netuid);
                    alphaUsd[k].Add(subnet.AlphaSide.DailyUsd[i], netuid);
                    annualAlphaUsd[k].Add(subnet.AlphaSide.AnnualisedUsd[i], netuid);
                    revenue[k].Add(subnetRevenue, netuid);
                    share[k].Add(subnetAnnualTaoTao, subnetRevenue.HasValue, netuid);
                    if (subnetRevenue.HasValue)
                    {
                        SubnetsWithRevenue[i]++;
                    }
                }
            }

            for (var k = 0; k < days; k++)
            {
                var i = start + k;
                TaoTao[i] = taoTao[k].Result(MissingReason.None, noteMissing: true);
                AnnualTaoTao[i] = annualTaoTao[k].Result(MissingReason.None, noteMissing: true);
                TaoUsd[i] = taoUsd[k].Result(MissingReason.None, noteMissing: true);
                AnnualTaoUsd[i] = annualTaoUsd[k].Result(MissingReason.None, noteMissing: true);
                AlphaUsd[i] = alphaUsd[k].Result(MissingReason.None, noteMissing: true);
                AnnualAlphaUsd[i] = annualAlphaUsd[k].Result(MissingReason.None, noteMissing: true);
                KnownRevenue[i] = revenue[k].Result(MissingReason.NoRevenueData, noteMissing: false);
                CoverageShare[i] = share[k].Result();
            }
        }
    }
}
