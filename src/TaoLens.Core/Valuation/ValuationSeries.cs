namespace TaoLens.Core.Valuation;

/// <summary>The per-side figures as daily series.</summary>
public sealed class SidedSeries
{
    internal SidedSeries(SubsidySide side, SeriesStore store, MetricSeries revenue, int years)
    {
        Side = side;
        DailyUsd = store.NewSeries();
        AnnualisedUsd = store.NewSeries();
        SubsidyToRevenue = store.NewSeries();
        CoveragePercent = MetricSeries.Derived(store, i => Multiples.CoveragePercent(AnnualisedUsd[i], revenue[i]));
        EarningsUsd = MetricSeries.Derived(store, i => Multiples.EarningsUsd(AnnualisedUsd[i], revenue[i]));
        AfterNextHalvingUsd = MetricSeries.Derived(store, i => Scenarios.AfterNextHalving(AnnualisedUsd[i]));
        GrowthNeededPercent = MetricSeries.Derived(store, i => Scenarios.GrowthNeededFromRatio(SubsidyToRevenue[i], years));
    }

    public SubsidySide Side { get; }

    public MetricSeries DailyUsd { get; }

    public MetricSeries AnnualisedUsd { get; }

    public MetricSeries SubsidyToRevenue { get; }

    public MetricSeries CoveragePercent { get; }

    public MetricSeries EarningsUsd { get; }

    public MetricSeries AfterNextHalvingUsd { get; }

    public MetricSeries GrowthNeededPercent { get; }

    public SidedValuation At(int index) => new(
        Side,
        DailyUsd[index],
        AnnualisedUsd[index],
        SubsidyToRevenue[index],
        CoveragePercent[index],
        EarningsUsd[index],
        AfterNextHalvingUsd[index],
        GrowthNeededPercent[index]);

    public SidedValuation At(DateOnly day) => At(DailyUsd.IndexOf(day));

    // The other sided figures are derived when read from these and the revenue series given at construction.
    internal void Set(int index, in Metric dailyUsd, in Metric annualisedUsd, in Metric revenue)
    {
        DailyUsd.Set(index, dailyUsd);
        AnnualisedUsd.Set(index, annualisedUsd);
        SubsidyToRevenue.Set(index, Multiples.SubsidyToRevenue(annualisedUsd, revenue));
    }
}

/// <summary>Resolved revenue as a daily series, with its provenance per day.</summary>
public sealed class RevenueSeries
{
    private readonly RevenueBasis[] _basis;
    private readonly int[] _asOfDayNumber;
    private readonly RevenueSourceType[] _sourceType;
    private readonly long[] _entryId;

    internal RevenueSeries(SeriesStore store)
    {
        var count = store.Count;
        Annualised = store.NewSeries();
        LastKnown = store.NewSeries();
        _basis = new RevenueBasis[count];
        _asOfDayNumber = new int[count];
        _sourceType = new RevenueSourceType[count];
        _entryId = new long[count];
    }

    /// <summary>The figure multiples use: a value, or missing (no data, stale, window incomplete).</summary>
    public MetricSeries Annualised { get; }

    /// <summary>The figure even when stale.</summary>
    public MetricSeries LastKnown { get; }

    public int Count => Annualised.Count;

    public ResolvedRevenue this[int index]
    {
        get
        {
            var basis = _basis[index];
            if (basis == RevenueBasis.None)
            {
                return new ResolvedRevenue(Annualised[index], LastKnown[index], basis, null, null, null);
            }

            return new ResolvedRevenue(
                Annualised[index],
                LastKnown[index],
                basis,
                DateOnly.FromDayNumber(_asOfDayNumber[index]),
                _sourceType[index],
                basis == RevenueBasis.DailySeries ? null : _entryId[index]);
        }
    }

    public ResolvedRevenue At(DateOnly day) => this[Annualised.IndexOf(day)];

    internal void Set(int index, in ResolvedRevenue revenue)
    {
        Annualised.Set(index, revenue.Annualised);
        LastKnown.Set(index, revenue.LastKnown);
        _basis[index] = revenue.Basis;
        if (revenue.AsOf is { } asOf)
        {
            _asOfDayNumber[index] = asOf.DayNumber;
        }

        _sourceType[index] = revenue.SourceType ?? default;
        _entryId[index] = revenue.EntryId ?? 0;
    }
}

/// <summary>A halving outlook as daily series.</summary>
public sealed class HalvingSeries
{
    internal HalvingSeries(SeriesStore store)
    {
        BlockEmission = store.NewSeries();
        NextHalvingAtIssuance = store.NewSeries();
        DaysUntil = store.NewSeries();
    }

    public MetricSeries BlockEmission { get; }

    public MetricSeries NextHalvingAtIssuance { get; }

    public MetricSeries DaysUntil { get; }

    public HalvingOutlook At(int index) => new(BlockEmission[index], NextHalvingAtIssuance[index], DaysUntil[index]);

    public HalvingOutlook At(DateOnly day) => At(BlockEmission.IndexOf(day));

    internal void Set(int index, in HalvingOutlook outlook)
    {
        BlockEmission.Set(index, outlook.BlockEmission);
        NextHalvingAtIssuance.Set(index, outlook.NextHalvingAtIssuance);
        DaysUntil.Set(index, outlook.DaysUntil);
    }
}

/// <summary>Every metric of one subnet as daily series over the requested range.</summary>
public sealed class SubnetValuationSeries
{
    internal SubnetValuationSeries(int netuid, DateOnly from, int count, MetricSeries taoPriceUsd, int years)
    {
        var store = new SeriesStore(from, count);
        Netuid = netuid;
        TaoSideTaoPerDay = store.NewSeries();
        AnnualisedTaoSideTao = store.NewSeries();
        Revenue = new RevenueSeries(store);
        TaoSide = new SidedSeries(SubsidySide.TaoSide, store, Revenue.Annualised, years);
        AlphaSide = new SidedSeries(SubsidySide.AlphaSide, store, Revenue.Annualised, years);
        AlphaOwnerUsd = MetricSeries.Derived(store, i => Subsidy.OwnerCut(AlphaSide.AnnualisedUsd[i]));
        AlphaMinersUsd = MetricSeries.Derived(store, i => Subsidy.MinersCut(AlphaSide.AnnualisedUsd[i]));
        AlphaValidatorsUsd = AlphaMinersUsd;
        TaoPriceUsd = taoPriceUsd;
        AlphaPriceTao = store.NewSeries();
        AlphaPriceUsd = MetricSeries.Derived(store, i => MarketValue.AlphaPriceUsd(AlphaPriceTao[i], TaoPriceUsd[i]));
        MarketCapUsd = store.NewSeries();
        FullyDilutedUsd = store.NewSeries();
        PriceToSales = MetricSeries.Derived(store, i => Multiples.PriceToSales(MarketCapUsd[i], Revenue.Annualised[i]));
        FullyDilutedPriceToSales = MetricSeries.Derived(store, i => Multiples.PriceToSales(FullyDilutedUsd[i], Revenue.Annualised[i]));
        AlphaHalving = new HalvingSeries(store);
    }

    public int Netuid { get; }

    /// <summary>
    /// The first day of the subnet's current history when it began inside the input (absent on earlier complete
    /// network days, or a re-registered netuid); null when its registration is older than the data.
    /// </summary>
    public DateOnly? RegisteredOn { get; internal set; }

    public DateOnly From => TaoSideTaoPerDay.From;

    public DateOnly To => TaoSideTaoPerDay.To;

    public int Count => TaoSideTaoPerDay.Count;

    public MetricSeries TaoSideTaoPerDay { get; }

    public MetricSeries AnnualisedTaoSideTao { get; }

    public SidedSeries TaoSide { get; }

    public SidedSeries AlphaSide { get; }

    /// <summary>Annualised alpha side, owner's 18% (USD per year).</summary>
    public MetricSeries AlphaOwnerUsd { get; }

    /// <summary>Annualised alpha side, miners' 41% (USD per year).</summary>
    public MetricSeries AlphaMinersUsd { get; }

    /// <summary>Annualised alpha side, validators' 41% (USD per year): the same figures as the miners' share.</summary>
    public MetricSeries AlphaValidatorsUsd { get; }

    public RevenueSeries Revenue { get; }

    /// <summary>The TAO price (USD per TAO) this subnet's USD figures used that day: the same series for every subnet and the network.</summary>
    public MetricSeries TaoPriceUsd { get; }

    /// <summary>The subnet's alpha price in TAO per alpha (the day's last known price).</summary>
    public MetricSeries AlphaPriceTao { get; }

    /// <summary>The subnet's alpha price in USD per alpha: alpha price × TAO price.</summary>
    public MetricSeries AlphaPriceUsd { get; }

    public MetricSeries MarketCapUsd { get; }

    public MetricSeries FullyDilutedUsd { get; }

    public MetricSeries PriceToSales { get; }

    /// <summary>Fully diluted value / revenue: a weak figure (docs/metrics.md).</summary>
    public MetricSeries FullyDilutedPriceToSales { get; }

    public HalvingSeries AlphaHalving { get; }

    public SidedSeries For(SubsidySide side) => side == SubsidySide.TaoSide ? TaoSide : AlphaSide;

    public SubnetValuation At(DateOnly day)
    {
        var i = TaoSideTaoPerDay.IndexOf(day);
        return new SubnetValuation
        {
            Netuid = Netuid,
            Day = day,
            TaoSideTaoPerDay = TaoSideTaoPerDay[i],
            AnnualisedTaoSideTao = AnnualisedTaoSideTao[i],
            TaoSide = TaoSide.At(i),
            AlphaSide = AlphaSide.At(i),
            AnnualisedAlphaSplit = Subsidy.Split(AlphaSide.AnnualisedUsd[i]),
            Revenue = Revenue[i],
            TaoPriceUsd = TaoPriceUsd[i],
            AlphaPriceTao = AlphaPriceTao[i],
            AlphaPriceUsd = AlphaPriceUsd[i],
            MarketCapUsd = MarketCapUsd[i],
            FullyDilutedUsd = FullyDilutedUsd[i],
            PriceToSales = PriceToSales[i],
            FullyDilutedPriceToSales = FullyDilutedPriceToSales[i],
            AlphaHalving = AlphaHalving.At(i),
        };
    }
}

/// <summary>Every network-wide metric as daily series over the requested range.</summary>
public sealed class NetworkValuationSeries
{
    private readonly int[] _subnetsWithRevenue;

    internal NetworkValuationSeries(DateOnly from, int count, MetricSeries taoPriceUsd, int years)
    {
        var store = new SeriesStore(from, count);
        TaoPriceUsd = taoPriceUsd;
        TaoMarketCapUsd = store.NewSeries();
        TaoFullyDilutedUsd = store.NewSeries();
        TaoSideTaoPerDay = store.NewSeries();
        AnnualisedTaoSideTao = store.NewSeries();
        KnownRevenueUsd = store.NewSeries();
        TaoSide = new SidedSeries(SubsidySide.TaoSide, store, KnownRevenueUsd, years);
        AlphaSide = new SidedSeries(SubsidySide.AlphaSide, store, KnownRevenueUsd, years);
        _subnetsWithRevenue = new int[count];
        SubnetsWithRevenue = Array.AsReadOnly(_subnetsWithRevenue);
        RevenueCoverageSharePercent = store.NewSeries();
        MarketCapToRevenue = MetricSeries.Derived(store, i => Multiples.PriceToSales(TaoMarketCapUsd[i], KnownRevenueUsd[i]));
        FullyDilutedToRevenue = MetricSeries.Derived(store, i => Multiples.PriceToSales(TaoFullyDilutedUsd[i], KnownRevenueUsd[i]));
        ClaimedRevenue = new RevenueSeries(store);
        MarketCapToClaimedRevenue = MetricSeries.Derived(store, i => Multiples.PriceToSales(TaoMarketCapUsd[i], ClaimedRevenue.Annualised[i]));
        FullyDilutedToClaimedRevenue = MetricSeries.Derived(store, i => Multiples.PriceToSales(TaoFullyDilutedUsd[i], ClaimedRevenue.Annualised[i]));
        TaoHalving = new HalvingSeries(store);
    }

    public DateOnly From => TaoPriceUsd.From;

    public DateOnly To => TaoPriceUsd.To;

    public int Count => TaoPriceUsd.Count;

    public MetricSeries TaoPriceUsd { get; }

    public MetricSeries TaoMarketCapUsd { get; }

    public MetricSeries TaoFullyDilutedUsd { get; }

    public MetricSeries TaoSideTaoPerDay { get; }

    public MetricSeries AnnualisedTaoSideTao { get; }

    public SidedSeries TaoSide { get; }

    public SidedSeries AlphaSide { get; }

    public MetricSeries KnownRevenueUsd { get; }

    /// <summary>Per day, how many subnets have a usable revenue figure.</summary>
    public IReadOnlyList<int> SubnetsWithRevenue { get; }

    public MetricSeries RevenueCoverageSharePercent { get; }

    public MetricSeries MarketCapToRevenue { get; }

    public MetricSeries FullyDilutedToRevenue { get; }

    public RevenueSeries ClaimedRevenue { get; }

    public MetricSeries MarketCapToClaimedRevenue { get; }

    public MetricSeries FullyDilutedToClaimedRevenue { get; }

    public HalvingSeries TaoHalving { get; }

    public SidedSeries For(SubsidySide side) => side == SubsidySide.TaoSide ? TaoSide : AlphaSide;

    internal void SetSubnetsWithRevenue(int index, int subnets) => _subnetsWithRevenue[index] = subnets;

    public NetworkValuation At(DateOnly day)
    {
        var i = TaoPriceUsd.IndexOf(day);
        return new NetworkValuation
        {
            Day = day,
            TaoPriceUsd = TaoPriceUsd[i],
            TaoMarketCapUsd = TaoMarketCapUsd[i],
            TaoFullyDilutedUsd = TaoFullyDilutedUsd[i],
            TaoSideTaoPerDay = TaoSideTaoPerDay[i],
            AnnualisedTaoSideTao = AnnualisedTaoSideTao[i],
            TaoSide = TaoSide.At(i),
            AlphaSide = AlphaSide.At(i),
            KnownRevenueUsd = KnownRevenueUsd[i],
            SubnetsWithRevenue = SubnetsWithRevenue[i],
            RevenueCoverageSharePercent = RevenueCoverageSharePercent[i],
            MarketCapToRevenue = MarketCapToRevenue[i],
            FullyDilutedToRevenue = FullyDilutedToRevenue[i],
            ClaimedRevenue = ClaimedRevenue[i],
            MarketCapToClaimedRevenue = MarketCapToClaimedRevenue[i],
            FullyDilutedToClaimedRevenue = FullyDilutedToClaimedRevenue[i],
            TaoHalving = TaoHalving.At(i),
        };
    }
}

/// <summary>The engine's answer: one series set per subnet (netuid order) and the network's.</summary>
public sealed class ValuationResult
{
    private readonly Dictionary<int, SubnetValuationSeries> _byNetuid;

    internal ValuationResult(DateOnly from, DateOnly to, ValuationOptions options, IReadOnlyList<SubnetValuationSeries> subnets, NetworkValuationSeries network)
    {
        From = from;
        To = to;
        Options = options;
        Subnets = subnets;
        Network = network;
        _byNetuid = subnets.ToDictionary(s => s.Netuid);
    }

    public DateOnly From { get; }

    public DateOnly To { get; }

    public ValuationOptions Options { get; }

    /// <summary>Every subnet that appears in the input (snapshots, ledger or revenue feed), in netuid order.</summary>
    public IReadOnlyList<SubnetValuationSeries> Subnets { get; }

    public NetworkValuationSeries Network { get; }

    public SubnetValuationSeries? Subnet(int netuid) => _byNetuid.GetValueOrDefault(netuid);
}
