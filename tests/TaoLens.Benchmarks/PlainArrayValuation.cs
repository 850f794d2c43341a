using TaoLens.Core.Valuation;

namespace TaoLens.Benchmarks;

/// <summary>
/// The benchmark's baseline: the engine's arithmetic written as plain loops over pre-shaped arrays, with a bool
/// beside each value for "missing" and no reasons, notes, records or series objects. Inputs are shaped and outputs
/// allocated once, outside the timed run. <see cref="Verify"/> checks every output against the engine, so the two
/// really do the same arithmetic.
/// </summary>
public sealed class PlainArrayValuation
{
    private const decimal TaoPerDayPerRaoPerBlock = 0.0000072m;
    private const int Carried = 9;

    private readonly int _subnets;
    private readonly int _totalDays;
    private readonly int _lookback;
    private readonly int _count;
    private readonly int _window;
    private readonly int _required;
    private readonly int _staleAfter;
    private readonly double _growthExponent;
    private readonly decimal[] _thresholds;
    private readonly decimal[] _emissions;
    private readonly int[] _netuids;

    // Inputs, [subnet][day] over the window lookback and the range.
    private readonly bool[][] _hasDay;
    private readonly decimal[][] _taoIn;
    private readonly bool[][] _hasTaoIn;
    private readonly decimal[][] _excess;
    private readonly bool[][] _hasExcess;
    private readonly decimal[][] _alphaOut;
    private readonly bool[][] _hasAlphaOut;
    private readonly decimal[][] _alphaIn;
    private readonly bool[][] _hasAlphaIn;
    private readonly decimal[][] _alphaPrice;
    private readonly bool[][] _hasAlphaPrice;
    private readonly long[][] _alphaUnits;
    private readonly bool[][] _hasAlphaUnits;
    private readonly decimal[] _price;
    private readonly bool[] _hasPrice;
    private readonly decimal[] _marketCap;
    private readonly bool[] _hasMarketCap;
    private readonly decimal[] _fdv;
    private readonly bool[] _hasFdv;
    private readonly decimal[] _issued;
    private readonly bool[] _hasIssued;
    private readonly Entry[][] _ledger;
    private readonly Entry[] _networkLedger;
    private readonly FeedRow[] _feedRows;
    private readonly bool[] _hasFeed;

    public PlainArrayValuation(ValuationData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var options = data.Options;
        _window = options.WindowDays;
        _required = options.RequiredDaysInWindow;
        _staleAfter = options.StaleAfterDays;
        _growthExponent = 1d / options.CoverageHorizonYears;
        _lookback = _window - 1;
        var first = ValuationEngine.FirstInputDay(data.From, options);
        _totalDays = data.To.DayNumber - first.DayNumber + 1;
        _count = _totalDays - _lookback;
        _thresholds = new decimal[66];
        var remaining = 21_000_000m;
        for (var k = 0; k < _thresholds.Length; k++)
        {
            _thresholds[k] = 21_000_000m - remaining;
            remaining /= 2m;
        }

        _emissions = new decimal[65];
        var emission = 1m;
        for (var k = 0; k < _emissions.Length; k++)
        {
            _emissions[k] = emission;
            emission /= 2m;
        }

        var input = data.Input;
        var netuids = new SortedSet<int>(input.SubnetDays.Select(d => d.Netuid));
        netuids.UnionWith(input.RevenueEntries.Where(e => e.Netuid is not null).Select(e => e.Netuid!.Value));
        netuids.UnionWith(input.DailyRevenue.Select(r => r.Netuid));
        _netuids = [.. netuids];
        _subnets = _netuids.Length;
        var indexOf = new Dictionary<int, int>();
        for (var s = 0; s < _subnets; s++)
        {
            indexOf[_netuids[s]] = s;
        }

        T[][] Jagged<T>() => Enumerable.Range(0, _subnets).Select(_ => new T[_totalDays]).ToArray();
        _hasDay = Jagged<bool>();
        _taoIn = Jagged<decimal>();
        _hasTaoIn = Jagged<bool>();
        _excess = Jagged<decimal>();
        _hasExcess = Jagged<bool>();
        _alphaOut = Jagged<decimal>();
        _hasAlphaOut = Jagged<bool>();
        _alphaIn = Jagged<decimal>();
        _hasAlphaIn = Jagged<bool>();
        _alphaPrice = Jagged<decimal>();
        _hasAlphaPrice = Jagged<bool>();
        _alphaUnits = Jagged<long>();
        _hasAlphaUnits = Jagged<bool>();
        foreach (var day in input.SubnetDays)
        {
            var d = day.Day.DayNumber - first.DayNumber;
            if (d < 0 || d >= _totalDays)
            {
                continue;
            }

            var s = indexOf[day.Netuid];
            _hasDay[s][d] = true;
            (_taoIn[s][d], _hasTaoIn[s][d]) = (day.TaoInEmissionRao ?? 0m, day.TaoInEmissionRao is not null);
            (_excess[s][d], _hasExcess[s][d]) = (day.ExcessTaoRao ?? 0m, day.ExcessTaoRao is not null);
            (_alphaOut[s][d], _hasAlphaOut[s][d]) = (day.AlphaOutEmissionRao ?? 0m, day.AlphaOutEmissionRao is not null);
            (_alphaIn[s][d], _hasAlphaIn[s][d]) = (day.AlphaInEmissionRao ?? 0m, day.AlphaInEmissionRao is not null);
            (_alphaPrice[s][d], _hasAlphaPrice[s][d]) = (day.AlphaPriceTao ?? 0m, day.AlphaPriceTao is not null);
            var hasUnits = day.AlphaInPoolRao is not null && day.AlphaOutstandingRao is not null;
            (_alphaUnits[s][d], _hasAlphaUnits[s][d]) = (hasUnits ? day.AlphaInPoolRao!.Value + day.AlphaOutstandingRao!.Value : 0, hasUnits);
        }

        _price = new decimal[_totalDays];
        _hasPrice = new bool[_totalDays];
        _marketCap = new decimal[_totalDays];
        _hasMarketCap = new bool[_totalDays];
        _fdv = new decimal[_totalDays];
        _hasFdv = new bool[_totalDays];
        _issued = new decimal[_totalDays];
        _hasIssued = new bool[_totalDays];
        foreach (var day in input.MarketDays)
        {
            var d = day.Day.DayNumber - first.DayNumber;
            if (d < 0 || d >= _totalDays)
            {
                continue;
            }

            (_price[d], _hasPrice[d]) = (day.PriceUsd ?? 0m, day.PriceUsd is not null);
            (_marketCap[d], _hasMarketCap[d]) = (day.MarketCapUsd ?? 0m, day.MarketCapUsd is not null);
            (_fdv[d], _hasFdv[d]) = (day.FullyDilutedValuationUsd ?? 0m, day.FullyDilutedValuationUsd is not null);
            var issued = day.TotalSupply ?? day.CirculatingSupply;
            (_issued[d], _hasIssued[d]) = (issued ?? 0m, issued is not null);
        }

        // The ledger after corrections, latest last, as plain structs (shaping, not arithmetic).
        var effective = RevenueResolver.ApplyCorrections(input.RevenueEntries);
        Entry ToEntry(RevenueEntryInput e) => new(
            RevenueResolver.AsOfDay(e).DayNumber - first.DayNumber,
            e.Kind == RevenueEntryKind.RunRate,
            e.AmountUsd,
            e.LowUsd,
            e.HighUsd,
            e.Kind == RevenueEntryKind.Realised ? (decimal)(e.PeriodEnd!.Value - e.PeriodStart!.Value).Ticks / TimeSpan.TicksPerDay : 0m);
        _ledger = new Entry[_subnets][];
        for (var s = 0; s < _subnets; s++)
        {
            var netuid = _netuids[s];
            _ledger[s] = [.. effective.Where(e => e.Netuid == netuid).Select(ToEntry)];
        }

        _networkLedger = [.. effective.Where(e => e.Netuid is null).Select(ToEntry)];
        _hasFeed = new bool[_subnets];
        var rows = new List<FeedRow>();
        foreach (var row in input.DailyRevenue)
        {
            var d = row.Day.DayNumber - first.DayNumber;
            var s = indexOf[row.Netuid];
            _hasFeed[s] = true;
            if (d >= 0 && d < _totalDays)
            {
                rows.Add(new FeedRow(s, d, row.AmountUsd, row.CountsAsExternal));
            }
        }

        _feedRows = [.. rows];
        Output = new Outputs(_subnets, _count);
    }

    public Outputs Output { get; }

    /// <summary>Recomputes every output into the preallocated arrays.</summary>
    public void Run()
    {
        var o = Output;
        o.Clear();
        var feedSum = new decimal[_subnets][];
        var feedPresent = new bool[_subnets][];
        for (var s = 0; s < _subnets; s++)
        {
            feedSum[s] = new decimal[_totalDays];
            feedPresent[s] = new bool[_totalDays];
        }

        foreach (var row in _feedRows)
        {
            feedPresent[row.Subnet][row.Day] = true;
            if (row.External)
            {
                feedSum[row.Subnet][row.Day] += decimal.Round(row.Amount, Carried);
            }
        }

        var rings = new Rings(_window);
        for (var s = 0; s < _subnets; s++)
        {
            RunSubnet(s, o, rings, feedSum[s], feedPresent[s]);
        }

        Network(o);
    }

    private void RunSubnet(int s, Outputs o, Rings rings, decimal[] feedSum, bool[] feedPresent)
    {
        rings.Clear();
        Int128 sumTaoTao = 0, sumTaoUsd = 0, sumAlphaUsd = 0, sumFeed = 0;
        int nTaoTao = 0, nTaoUsd = 0, nAlphaUsd = 0, nFeed = 0;
        var ledger = _ledger[s];
        var entryLow = new decimal[ledger.Length];
        var entryBase = new decimal[ledger.Length];
        var entryHigh = new decimal[ledger.Length];
        for (var e = 0; e < ledger.Length; e++)
        {
            (entryLow[e], entryBase[e], entryHigh[e]) = Annualise(ledger[e]);
        }

        var current = -1;
        var next = 0;
        var hasFeed = _hasFeed[s];
        var hasDay = _hasDay[s];
        var taoIn = _taoIn[s];
        var hasTaoIn = _hasTaoIn[s];
        var excess = _excess[s];
        var hasExcess = _hasExcess[s];
        var alphaOut = _alphaOut[s];
        var hasAlphaOut = _hasAlphaOut[s];
        var alphaIn = _alphaIn[s];
        var hasAlphaIn = _hasAlphaIn[s];
        var alphaPrice = _alphaPrice[s];
        var hasAlphaPrice = _hasAlphaPrice[s];
        var alphaUnits = _alphaUnits[s];
        var hasAlphaUnits = _hasAlphaUnits[s];
        var price = _price;
        var hasPrice = _hasPrice;
        for (var d = 0; d < _totalDays; d++)
        {
            var slot = d % _window;
            var full = d >= _window;

            // Subsidy per day.
            var hasTaoTao = hasDay[d] && hasTaoIn[d];
            var taoTao = hasTaoTao ? decimal.Round((taoIn[d] + (hasExcess[d] ? excess[d] : 0m)) * TaoPerDayPerRaoPerBlock, Carried) : 0m;
            var hasTaoUsd = hasTaoTao && hasPrice[d];
            var taoUsd = hasTaoUsd ? decimal.Round(taoTao * price[d], Carried) : 0m;
            var hasAlphaUsd = hasDay[d] && hasAlphaOut[d] && hasAlphaPrice[d] && hasPrice[d];
            var alphaUsd = hasAlphaUsd ? decimal.Round(alphaOut[d] * TaoPerDayPerRaoPerBlock * alphaPrice[d] * price[d], Carried) : 0m;

            // Rolling windows.
            Roll(rings.TaoTao, rings.HasTaoTao, slot, taoTao, hasTaoTao, ref sumTaoTao, ref nTaoTao, full);
            Roll(rings.TaoUsd, rings.HasTaoUsd, slot, taoUsd, hasTaoUsd, ref sumTaoUsd, ref nTaoUsd, full);
            Roll(rings.AlphaUsd, rings.HasAlphaUsd, slot, alphaUsd, hasAlphaUsd, ref sumAlphaUsd, ref nAlphaUsd, full);
            var feedHere = hasFeed && feedPresent[d];
            Roll(rings.Feed, rings.HasFeed, slot, feedHere ? feedSum[d] : 0m, feedHere, ref sumFeed, ref nFeed, full);

            // Revenue: feed window, else latest ledger entry.
            while (next < ledger.Length && ledger[next].AsOf <= d)
            {
                current = next++;
            }

            if (d < _lookback)
            {
                continue;
            }

            var i = d - _lookback;
            var at = (s * _count) + i;
            var hasAnnualTaoTao = nTaoTao >= _required;
            var annualTaoTao = hasAnnualTaoTao ? Annualise(sumTaoTao, nTaoTao) : 0m;
            var hasAnnualTaoUsd = nTaoUsd >= _required;
            var annualTaoUsd = hasAnnualTaoUsd ? Annualise(sumTaoUsd, nTaoUsd) : 0m;
            var hasAnnualAlphaUsd = nAlphaUsd >= _required;
            var annualAlphaUsd = hasAnnualAlphaUsd ? Annualise(sumAlphaUsd, nAlphaUsd) : 0m;

            bool hasRevenue, hasLastKnown;
            decimal revLow = 0m, revBase = 0m, revHigh = 0m;
            if (hasFeed && nFeed >= _required)
            {
                hasRevenue = hasLastKnown = true;
                revLow = revBase = revHigh = Annualise(sumFeed, nFeed);
            }
            else if (current >= 0)
            {
                hasLastKnown = true;
                hasRevenue = d - ledger[current].AsOf <= _staleAfter;
                (revLow, revBase, revHigh) = (entryLow[current], entryBase[current], entryHigh[current]);
            }
            else
            {
                hasRevenue = hasLastKnown = false;
            }

            o.TaoTao.Set(at, hasTaoTao, taoTao);
            o.AnnualTaoTao.Set(at, hasAnnualTaoTao, annualTaoTao);
            o.Revenue.Set(at, hasRevenue, revLow, revBase, revHigh, false);
            o.LastKnownRevenue.Set(at, hasLastKnown, revLow, revBase, revHigh, false);
            Sided(o.TaoSide, at, hasTaoUsd, taoUsd, hasAnnualTaoUsd, annualTaoUsd, hasRevenue, revLow, revBase, revHigh);
            Sided(o.AlphaSide, at, hasAlphaUsd, alphaUsd, hasAnnualAlphaUsd, annualAlphaUsd, hasRevenue, revLow, revBase, revHigh);
            o.AlphaOwner.Set(at, hasAnnualAlphaUsd, annualAlphaUsd * 0.18m);
            o.AlphaMiners.Set(at, hasAnnualAlphaUsd, annualAlphaUsd * 0.41m);

            var hasAlphaPriceToday = hasDay[d] && hasAlphaPrice[d];
            var hasIssuedAlpha = hasDay[d] && hasAlphaUnits[d];
            var units = alphaUnits[d];
            var issuedAlpha = hasIssuedAlpha ? new decimal((int)(units & 0xFFFF_FFFF), (int)(units >> 32), 0, false, 9) : 0m;
            var hasCap = hasAlphaPriceToday && hasIssuedAlpha && hasPrice[d];
            var cap = hasCap ? alphaPrice[d] * issuedAlpha * price[d] : 0m;
            var hasFdv = hasAlphaPriceToday && hasPrice[d];
            var fdv = hasFdv ? alphaPrice[d] * 21_000_000m * price[d] : 0m;
            o.MarketCap.Set(at, hasCap, cap);
            o.FullyDiluted.Set(at, hasFdv, fdv);
            Divide(o.PriceToSales, at, hasCap && hasRevenue, cap, revLow, revBase, revHigh);
            Divide(o.FullyDilutedPriceToSales, at, hasFdv && hasRevenue, fdv, revLow, revBase, revHigh);

            if (hasIssuedAlpha)
            {
                var k = 0;
                while (k < 64 && issuedAlpha >= _thresholds[k + 1])
                {
                    k++;
                }

                o.AlphaBlockEmission.Set(at, true, _emissions[k]);
                o.AlphaNextHalving.Set(at, true, _thresholds[k + 1]);
                var hasRate = hasAlphaOut[d] && hasAlphaIn[d];
                var perDay = hasRate ? decimal.Round((alphaOut[d] + alphaIn[d]) * TaoPerDayPerRaoPerBlock, Carried) : 0m;
                o.AlphaDaysToHalving.Set(at, hasRate && perDay != 0m, perDay != 0m ? Hundredths(_thresholds[k + 1] - issuedAlpha, perDay) : 0m);
            }

            // Network sums, subnet by subnet in netuid order as the engine adds them.
            o.NetTaoTao.Add(i, hasTaoTao, taoTao);
            o.NetAnnualTaoTao.Add(i, hasAnnualTaoTao, annualTaoTao);
            o.NetTaoUsd.Add(i, hasTaoUsd, taoUsd);
            o.NetAnnualTaoUsd.Add(i, hasAnnualTaoUsd, annualTaoUsd);
            o.NetAlphaUsd.Add(i, hasAlphaUsd, alphaUsd);
            o.NetAnnualAlphaUsd.Add(i, hasAnnualAlphaUsd, annualAlphaUsd);
            if (hasRevenue)
            {
                o.NetRevenue.Add(i, revLow, revBase, revHigh);
                o.SubnetsWithRevenue[i]++;
                if (hasAnnualTaoTao)
                {
                    o.NetCoveredTao.Add(i, true, annualTaoTao);
                }
            }
        }
    }

    /// <summary>Throws unless every output equals the engine's (value, presence and range).</summary>
    public void Verify(ValuationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var o = Output;
        for (var s = 0; s < _subnets; s++)
        {
            var e = result.Subnets[s];
            for (var i = 0; i < _count; i++)
            {
                var at = (s * _count) + i;
                Check(e.TaoSideTaoPerDay[i], o.TaoTao, at, "TaoSideTaoPerDay");
                Check(e.AnnualisedTaoSideTao[i], o.AnnualTaoTao, at, "AnnualisedTaoSideTao");
                Check(e.Revenue.Annualised[i], o.Revenue, at, "Revenue");
                Check(e.Revenue.LastKnown[i], o.LastKnownRevenue, at, "LastKnownRevenue");
                CheckSided(e.TaoSide, o.TaoSide, i, at);
                CheckSided(e.AlphaSide, o.AlphaSide, i, at);
                Check(e.AlphaOwnerUsd[i], o.AlphaOwner, at, "AlphaOwner");
                Check(e.AlphaMinersUsd[i], o.AlphaMiners, at, "AlphaMiners");
                Check(e.AlphaValidatorsUsd[i], o.AlphaMiners, at, "AlphaValidators");
                Check(e.MarketCapUsd[i], o.MarketCap, at, "MarketCap");
                Check(e.FullyDilutedUsd[i], o.FullyDiluted, at, "FullyDiluted");
                Check(e.PriceToSales[i], o.PriceToSales, at, "PriceToSales");
                Check(e.FullyDilutedPriceToSales[i], o.FullyDilutedPriceToSales, at, "FullyDilutedPriceToSales");
                Check(e.AlphaHalving.BlockEmission[i], o.AlphaBlockEmission, at, "AlphaBlockEmission");
                Check(e.AlphaHalving.NextHalvingAtIssuance[i], o.AlphaNextHalving, at, "AlphaNextHalving");
                Check(e.AlphaHalving.DaysUntil[i], o.AlphaDaysToHalving, at, "AlphaDaysToHalving");
            }
        }

        var n = result.Network;
        for (var i = 0; i < _count; i++)
        {
            Check(n.TaoPriceUsd[i], o.NetPrice, i, "Network price");
            Check(n.TaoMarketCapUsd[i], o.NetMarketCap, i, "Network market cap");
            Check(n.TaoFullyDilutedUsd[i], o.NetFdv, i, "Network FDV");
            Check(n.TaoSideTaoPerDay[i], o.NetTaoTao.Result, i, "Network TAO per day");
            Check(n.AnnualisedTaoSideTao[i], o.NetAnnualTaoTao.Result, i, "Network annual TAO");
            CheckSided(n.TaoSide, o.NetTaoSide, i, i);
            CheckSided(n.AlphaSide, o.NetAlphaSide, i, i);
            Check(n.KnownRevenueUsd[i], o.NetRevenue.Result, i, "Known revenue");
            if (n.SubnetsWithRevenue[i] != o.SubnetsWithRevenue[i])
            {
                throw new InvalidOperationException($"Subnets with revenue differ on day {i}.");
            }

            Check(n.RevenueCoverageSharePercent[i], o.NetCoverageShare, i, "Coverage share");
            Check(n.MarketCapToRevenue[i], o.NetMarketCapToRevenue, i, "Market cap to revenue");
            Check(n.FullyDilutedToRevenue[i], o.NetFdvToRevenue, i, "FDV to revenue");
            Check(n.ClaimedRevenue.Annualised[i], o.NetClaimed, i, "Claimed revenue");
            Check(n.MarketCapToClaimedRevenue[i], o.NetMarketCapToClaimed, i, "Market cap to claimed");
            Check(n.FullyDilutedToClaimedRevenue[i], o.NetFdvToClaimed, i, "FDV to claimed");
            Check(n.TaoHalving.BlockEmission[i], o.NetBlockEmission, i, "Block emission");
            Check(n.TaoHalving.NextHalvingAtIssuance[i], o.NetNextHalving, i, "Next halving");
            Check(n.TaoHalving.DaysUntil[i], o.NetDaysToHalving, i, "Days to halving");
        }
    }

    private static void CheckSided(SidedSeries e, SidedOutputs o, int i, int at)
    {
        Check(e.DailyUsd[i], o.Daily, at, $"{e.Side} daily");
        Check(e.AnnualisedUsd[i], o.Annual, at, $"{e.Side} annual");
        Check(e.SubsidyToRevenue[i], o.Ratio, at, $"{e.Side} ratio");
        Check(e.CoveragePercent[i], o.Coverage, at, $"{e.Side} coverage");
        Check(e.EarningsUsd[i], o.Earnings, at, $"{e.Side} earnings");
        Check(e.AfterNextHalvingUsd[i], o.AfterHalving, at, $"{e.Side} after halving");
        Check(e.GrowthNeededPercent[i], o.Growth, at, $"{e.Side} growth");
    }

    private static void Check(Metric engine, Column baseline, int at, string what)
    {
        var same = engine.HasValue == baseline.Has[at]
            && (!engine.HasValue
                || (engine.Low == baseline.Low(at)
                    && engine.Base == baseline.Base[at]
                    && engine.IsHighUnbounded == baseline.Open(at)
                    && (engine.IsHighUnbounded || engine.High == baseline.High(at))));
        if (!same)
        {
            throw new InvalidOperationException(
                $"{what} differs at {at}: engine {engine}, baseline {(baseline.Has[at] ? $"{baseline.Low(at)} / {baseline.Base[at]} / {(baseline.Open(at) ? "open" : baseline.High(at))}" : "missing")}.");
        }
    }

    private void Network(Outputs o)
    {
        decimal[] claimLow = new decimal[_networkLedger.Length], claimBase = new decimal[_networkLedger.Length], claimHigh = new decimal[_networkLedger.Length];
        for (var e = 0; e < _networkLedger.Length; e++)
        {
            (claimLow[e], claimBase[e], claimHigh[e]) = Annualise(_networkLedger[e]);
        }

        var current = -1;
        var next = 0;
        for (var d = 0; d < _totalDays; d++)
        {
            while (next < _networkLedger.Length && _networkLedger[next].AsOf <= d)
            {
                current = next++;
            }

            if (d < _lookback)
            {
                continue;
            }

            var i = d - _lookback;
            var hasPrice = _hasPrice[d];
            o.NetPrice.Set(i, hasPrice, _price[d]);
            var hasCap = _hasMarketCap[d];
            var cap = _marketCap[d];
            var hasFdv = _hasFdv[d] || hasPrice;
            var fdv = _hasFdv[d] ? _fdv[d] : _price[d] * 21_000_000m;
            o.NetMarketCap.Set(i, hasCap, cap);
            o.NetFdv.Set(i, hasFdv, fdv);
            var revenue = o.NetRevenue;
            var hasRevenue = revenue.Any[i];
            Sided(
                o.NetTaoSide,
                i,
                o.NetTaoUsd.Any[i],
                o.NetTaoUsd.Sum[i],
                o.NetAnnualTaoUsd.Any[i],
                o.NetAnnualTaoUsd.Sum[i],
                hasRevenue,
                revenue.Low[i],
                revenue.Base[i],
                revenue.High[i]);
            Sided(
                o.NetAlphaSide,
                i,
                o.NetAlphaUsd.Any[i],
                o.NetAlphaUsd.Sum[i],
                o.NetAnnualAlphaUsd.Any[i],
                o.NetAnnualAlphaUsd.Sum[i],
                hasRevenue,
                revenue.Low[i],
                revenue.Base[i],
                revenue.High[i]);
            var all = o.NetAnnualTaoTao;
            var covered = o.NetCoveredTao.Any[i] ? o.NetCoveredTao.Sum[i] : 0m;
            o.NetCoverageShare.Set(i, all.Any[i] && all.Sum[i] != 0m, all.Sum[i] != 0m ? covered / all.Sum[i] * 100m : 0m);
            Divide(o.NetMarketCapToRevenue, i, hasCap && hasRevenue, cap, revenue.Low[i], revenue.Base[i], revenue.High[i]);
            Divide(o.NetFdvToRevenue, i, hasFdv && hasRevenue, fdv, revenue.Low[i], revenue.Base[i], revenue.High[i]);
            var hasClaim = current >= 0 && d - _networkLedger[current].AsOf <= _staleAfter;
            var (cl, cb, ch) = current >= 0 ? (claimLow[current], claimBase[current], claimHigh[current]) : (0m, 0m, 0m);
            o.NetClaimed.Set(i, hasClaim, cl, cb, ch, false);
            Divide(o.NetMarketCapToClaimed, i, hasCap && hasClaim, cap, cl, cb, ch);
            Divide(o.NetFdvToClaimed, i, hasFdv && hasClaim, fdv, cl, cb, ch);
            if (_hasIssued[d])
            {
                var issued = _issued[d];
                var k = 0;
                while (k < 64 && issued >= _thresholds[k + 1])
                {
                    k++;
                }

                o.NetBlockEmission.Set(i, true, _emissions[k]);
                o.NetNextHalving.Set(i, true, _thresholds[k + 1]);
                o.NetDaysToHalving.Set(i, true, Hundredths(_thresholds[k + 1] - issued, _emissions[k] * 7_200));
            }
        }
    }

    private void Sided(SidedOutputs o, int at, bool hasDaily, decimal daily, bool hasAnnual, decimal annual, bool hasRevenue, decimal revLow, decimal revBase, decimal revHigh)
    {
        o.Daily.Set(at, hasDaily, daily);
        o.Annual.Set(at, hasAnnual, annual);
        o.AfterHalving.Set(at, hasAnnual, annual * 0.5m);
        var both = hasAnnual && hasRevenue;
        Divide(o.Ratio, at, both, annual, revLow, revBase, revHigh);

        // Coverage = revenue / subsidy × 100; earnings = revenue − subsidy.
        if (both && annual != 0m)
        {
            if (revLow == revHigh)
            {
                o.Coverage.Set(at, true, revBase * 100m / annual);
            }
            else
            {
                o.Coverage.Set(at, true, revLow * 100m / annual, revBase * 100m / annual, revHigh * 100m / annual, false);
            }
        }

        if (both)
        {
            if (revLow == revHigh)
            {
                o.Earnings.Set(at, true, revBase - annual);
            }
            else
            {
                o.Earnings.Set(at, true, revLow - annual, revBase - annual, revHigh - annual, false);
            }
        }

        var ratio = o.Ratio;
        if (ratio.Has[at])
        {
            if (ratio.IsRange(at))
            {
                var open = ratio.Open(at);
                o.Growth.Set(at, true, Growth(ratio.Low(at)), Growth(ratio.Base[at]), open ? 0m : Growth(ratio.High(at)), open);
            }
            else
            {
                o.Growth.Set(at, true, Growth(ratio.Base[at]));
            }
        }
    }

    private static void Divide(Column output, int at, bool has, decimal numerator, decimal low, decimal @base, decimal high)
    {
        if (!has || @base == 0m)
        {
            return;
        }

        if (low == high)
        {
            output.Set(at, true, numerator / @base);
            return;
        }

        if (numerator == 0m)
        {
            output.Set(at, true, 0m);
            return;
        }

        var lowRatio = numerator / high;
        var baseRatio = numerator / @base;
        if (low == 0m)
        {
            output.Set(at, true, Math.Min(lowRatio, baseRatio), baseRatio, 0m, true);
        }
        else
        {
            output.Set(at, true, Math.Min(lowRatio, baseRatio), baseRatio, Math.Max(numerator / low, baseRatio), false);
        }
    }

    private decimal Growth(decimal ratio) =>
        decimal.Round((decimal)((Math.Pow((double)ratio, _growthExponent) - 1d) * 100d), 6);

    private static (decimal Low, decimal Base, decimal High) Annualise(Entry e)
    {
        var @base = e.Amount ?? (e.Low!.Value + e.High!.Value) / 2m;
        var low = e.Low ?? @base;
        var high = e.High ?? @base;
        return e.RunRate
            ? (decimal.Round(low, Carried), decimal.Round(@base, Carried), decimal.Round(high, Carried))
            : (decimal.Round(low * 365 / e.PeriodDays, Carried), decimal.Round(@base * 365 / e.PeriodDays, Carried), decimal.Round(high * 365 / e.PeriodDays, Carried));
    }

    private static void Roll(Int128[] ring, bool[] has, int slot, decimal value, bool present, ref Int128 sum, ref int n, bool full)
    {
        if (full && has[slot])
        {
            sum -= ring[slot];
            n--;
        }

        has[slot] = present;
        if (present)
        {
            var units = Units(value);
            ring[slot] = units;
            sum += units;
            n++;
        }
    }

    // Window sums in integers of 1e-9 and annualising with round-half-even, as the engine does.
    private static Int128 Units(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        if (scale > Carried)
        {
            decimal.GetBits(decimal.Round(value, Carried), bits);
            scale = (bits[3] >> 16) & 0xFF;
        }

        var mantissa = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        for (var i = scale; i < Carried; i++)
        {
            mantissa *= 10;
        }

        return bits[3] < 0 ? -mantissa : mantissa;
    }

    private static decimal Annualise(Int128 sum, int days) => ToDecimal(MultiplyDivide(sum, 365, days), Carried);

    private static decimal Hundredths(decimal numerator, decimal denominator) =>
        ToDecimal(MultiplyDivide(Units(numerator), 100, Units(denominator)), 2);

    private static Int128 MultiplyDivide(Int128 value, int multiplier, Int128 divisor)
    {
        var product = value * multiplier;
        var (quotient, remainder) = Int128.DivRem(product, divisor);
        var twice = Int128.Abs(remainder) * 2;
        if (twice > divisor || (twice == divisor && !Int128.IsEvenInteger(quotient)))
        {
            quotient += product < 0 ? -1 : 1;
        }

        return quotient;
    }

    private static decimal ToDecimal(Int128 units, byte scale)
    {
        var negative = units < 0;
        var magnitude = (UInt128)(negative ? -units : units);
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, scale);
    }

    private sealed class Rings(int window)
    {
        public Int128[] TaoTao { get; } = new Int128[window];

        public Int128[] TaoUsd { get; } = new Int128[window];

        public Int128[] AlphaUsd { get; } = new Int128[window];

        public Int128[] Feed { get; } = new Int128[window];

        public bool[] HasTaoTao { get; } = new bool[window];

        public bool[] HasTaoUsd { get; } = new bool[window];

        public bool[] HasAlphaUsd { get; } = new bool[window];

        public bool[] HasFeed { get; } = new bool[window];

        public void Clear()
        {
            Array.Clear(HasTaoTao);
            Array.Clear(HasTaoUsd);
            Array.Clear(HasAlphaUsd);
            Array.Clear(HasFeed);
        }
    }

    private readonly record struct Entry(int AsOf, bool RunRate, decimal? Amount, decimal? Low, decimal? High, decimal PeriodDays);

    private readonly record struct FeedRow(int Subnet, int Day, decimal Amount, bool External);

    /// <summary>One output: a value and presence per slot, with low/high columns for figures that can be ranges.</summary>
    public sealed class Column(int length, bool ranged)
    {
        private readonly decimal[]? _low = ranged ? new decimal[length] : null;
        private readonly decimal[]? _high = ranged ? new decimal[length] : null;
        private readonly bool[]? _isRange = ranged ? new bool[length] : null;
        private readonly bool[]? _open = ranged ? new bool[length] : null;

        public bool[] Has { get; } = new bool[length];

        public decimal[] Base { get; } = new decimal[length];

        public decimal Low(int at) => _isRange is not null && _isRange[at] ? _low![at] : Base[at];

        public decimal High(int at) => _isRange is not null && _isRange[at] ? _high![at] : Base[at];

        public bool Open(int at) => _open is not null && _open[at];

        public bool IsRange(int at) => _isRange is not null && _isRange[at];

        public void Set(int at, bool has, decimal value)
        {
            Has[at] = has;
            Base[at] = value;
            if (_isRange is not null)
            {
                _isRange[at] = false;
                _open![at] = false;
            }
        }

        public void Set(int at, bool has, decimal low, decimal @base, decimal high, bool open)
        {
            Has[at] = has;
            Base[at] = @base;
            var isRange = open || low != high;
            _isRange![at] = isRange;
            _open![at] = open;
            _low![at] = isRange ? low : @base;
            _high![at] = isRange ? high : @base;
        }

        public void Clear()
        {
            Array.Clear(Has);
            if (_isRange is not null)
            {
                Array.Clear(_isRange);
                Array.Clear(_open!);
            }
        }
    }

    /// <summary>A network sum per day: the first value, then each next one added.</summary>
    public sealed class Total(int length)
    {
        public bool[] Any { get; } = new bool[length];

        public decimal[] Sum { get; } = new decimal[length];

        public Column Result
        {
            get
            {
                var column = new Column(Any.Length, ranged: false);
                for (var i = 0; i < Any.Length; i++)
                {
                    column.Set(i, Any[i], Sum[i]);
                }

                return column;
            }
        }

        public void Add(int i, bool has, decimal value)
        {
            if (!has)
            {
                return;
            }

            Sum[i] = Any[i] ? Sum[i] + value : value;
            Any[i] = true;
        }

        public void Clear() => Array.Clear(Any);
    }

    /// <summary>A ranged network sum per day.</summary>
    public sealed class RangeTotal(int length)
    {
        public bool[] Any { get; } = new bool[length];

        public decimal[] Low { get; } = new decimal[length];

        public decimal[] Base { get; } = new decimal[length];

        public decimal[] High { get; } = new decimal[length];

        public Column Result
        {
            get
            {
                var column = new Column(Any.Length, ranged: true);
                for (var i = 0; i < Any.Length; i++)
                {
                    column.Set(i, Any[i], Low[i], Base[i], High[i], false);
                }

                return column;
            }
        }

        public void Add(int i, decimal low, decimal @base, decimal high)
        {
            if (Any[i])
            {
                Low[i] += low;
                Base[i] += @base;
                High[i] += high;
            }
            else
            {
                (Low[i], Base[i], High[i]) = (low, @base, high);
                Any[i] = true;
            }
        }

        public void Clear() => Array.Clear(Any);
    }

    public sealed class SidedOutputs(int length)
    {
        public Column Daily { get; } = new(length, false);

        public Column Annual { get; } = new(length, false);

        public Column Ratio { get; } = new(length, true);

        public Column Coverage { get; } = new(length, true);

        public Column Earnings { get; } = new(length, true);

        public Column AfterHalving { get; } = new(length, false);

        public Column Growth { get; } = new(length, true);

        public void Clear()
        {
            foreach (var column in new[] { Daily, Annual, Ratio, Coverage, Earnings, AfterHalving, Growth })
            {
                column.Clear();
            }
        }
    }

    /// <summary>Every output, [subnet × day] for subnets and [day] for the network.</summary>
    public sealed class Outputs
    {
        public Outputs(int subnets, int days)
        {
            var n = subnets * days;
            TaoTao = new Column(n, false);
            AnnualTaoTao = new Column(n, false);
            Revenue = new Column(n, true);
            LastKnownRevenue = new Column(n, true);
            TaoSide = new SidedOutputs(n);
            AlphaSide = new SidedOutputs(n);
            AlphaOwner = new Column(n, false);
            AlphaMiners = new Column(n, false);
            MarketCap = new Column(n, false);
            FullyDiluted = new Column(n, false);
            PriceToSales = new Column(n, true);
            FullyDilutedPriceToSales = new Column(n, true);
            AlphaBlockEmission = new Column(n, false);
            AlphaNextHalving = new Column(n, false);
            AlphaDaysToHalving = new Column(n, false);
            NetTaoTao = new Total(days);
            NetAnnualTaoTao = new Total(days);
            NetTaoUsd = new Total(days);
            NetAnnualTaoUsd = new Total(days);
            NetAlphaUsd = new Total(days);
            NetAnnualAlphaUsd = new Total(days);
            NetRevenue = new RangeTotal(days);
            NetCoveredTao = new Total(days);
            SubnetsWithRevenue = new int[days];
            NetPrice = new Column(days, false);
            NetMarketCap = new Column(days, false);
            NetFdv = new Column(days, false);
            NetTaoSide = new SidedOutputs(days);
            NetAlphaSide = new SidedOutputs(days);
            NetCoverageShare = new Column(days, false);
            NetMarketCapToRevenue = new Column(days, true);
            NetFdvToRevenue = new Column(days, true);
            NetClaimed = new Column(days, true);
            NetMarketCapToClaimed = new Column(days, true);
            NetFdvToClaimed = new Column(days, true);
            NetBlockEmission = new Column(days, false);
            NetNextHalving = new Column(days, false);
            NetDaysToHalving = new Column(days, false);
        }

        public Column TaoTao { get; }

        public Column AnnualTaoTao { get; }

        public Column Revenue { get; }

        public Column LastKnownRevenue { get; }

        public SidedOutputs TaoSide { get; }

        public SidedOutputs AlphaSide { get; }

        public Column AlphaOwner { get; }

        public Column AlphaMiners { get; }

        public Column MarketCap { get; }

        public Column FullyDiluted { get; }

        public Column PriceToSales { get; }

        public Column FullyDilutedPriceToSales { get; }

        public Column AlphaBlockEmission { get; }

        public Column AlphaNextHalving { get; }

        public Column AlphaDaysToHalving { get; }

        public Total NetTaoTao { get; }

        public Total NetAnnualTaoTao { get; }

        public Total NetTaoUsd { get; }

        public Total NetAnnualTaoUsd { get; }

        public Total NetAlphaUsd { get; }

        public Total NetAnnualAlphaUsd { get; }

        public RangeTotal NetRevenue { get; }

        public Total NetCoveredTao { get; }

        public int[] SubnetsWithRevenue { get; }

        public Column NetPrice { get; }

        public Column NetMarketCap { get; }

        public Column NetFdv { get; }

        public SidedOutputs NetTaoSide { get; }

        public SidedOutputs NetAlphaSide { get; }

        public Column NetCoverageShare { get; }

        public Column NetMarketCapToRevenue { get; }

        public Column NetFdvToRevenue { get; }

        public Column NetClaimed { get; }

        public Column NetMarketCapToClaimed { get; }

        public Column NetFdvToClaimed { get; }

        public Column NetBlockEmission { get; }

        public Column NetNextHalving { get; }

        public Column NetDaysToHalving { get; }

        public void Clear()
        {
            foreach (var column in new[]
            {
                TaoTao, AnnualTaoTao, Revenue, LastKnownRevenue, AlphaOwner, AlphaMiners, MarketCap, FullyDiluted, PriceToSales,
                FullyDilutedPriceToSales, AlphaBlockEmission, AlphaNextHalving, AlphaDaysToHalving, NetPrice, NetMarketCap, NetFdv,
                NetCoverageShare, NetMarketCapToRevenue, NetFdvToRevenue, NetClaimed, NetMarketCapToClaimed, NetFdvToClaimed,
                NetBlockEmission, NetNextHalving, NetDaysToHalving,
            })
            {
                column.Clear();
            }

            TaoSide.Clear();
            AlphaSide.Clear();
            NetTaoSide.Clear();
            NetAlphaSide.Clear();
            foreach (var total in new[] { NetTaoTao, NetAnnualTaoTao, NetTaoUsd, NetAnnualTaoUsd, NetAlphaUsd, NetAnnualAlphaUsd, NetCoveredTao })
            {
                total.Clear();
            }

            NetRevenue.Clear();
            Array.Clear(SubnetsWithRevenue);
        }
    }
}
