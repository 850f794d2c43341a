namespace TaoLens.Core.Valuation;

/// <summary>
/// One subnet on one UTC day, rolled up from that day's snapshots (docs/metrics.md, "Daily rollup").
/// Per-block emissions are means over the day's snapshots (carried to 9 decimal places of a rao); pool sizes and
/// prices are the day's last values.
/// A storage layer may also fill these directly (e.g. from a SQL rollup) as long as it follows the same rule.
/// </summary>
public sealed record SubnetDay(int Netuid, DateOnly Day)
{
    /// <summary>Mean <c>tao_in_emission</c> per block, rao.</summary>
    public decimal? TaoInEmissionRao { get; init; }

    /// <summary>Mean excess TAO (chain buys) per block, rao; null when no snapshot of the day carried it.</summary>
    public decimal? ExcessTaoRao { get; init; }

    /// <summary>Mean <c>alpha_out_emission</c> per block, 1e-9 alpha.</summary>
    public decimal? AlphaOutEmissionRao { get; init; }

    /// <summary>Mean <c>alpha_in_emission</c> per block, 1e-9 alpha.</summary>
    public decimal? AlphaInEmissionRao { get; init; }

    /// <summary>Last alpha in pool of the day, 1e-9 alpha.</summary>
    public long? AlphaInPoolRao { get; init; }

    /// <summary>Last alpha outstanding of the day, 1e-9 alpha.</summary>
    public long? AlphaOutstandingRao { get; init; }

    /// <summary>Last TAO in pool of the day, rao.</summary>
    public long? TaoInPoolRao { get; init; }

    /// <summary>Last alpha price of the day, TAO.</summary>
    public decimal? AlphaPriceTao { get; init; }

    /// <summary>Last moving price of the day, TAO.</summary>
    public decimal? MovingPriceTao { get; init; }

    public int SnapshotCount { get; init; }

    /// <summary>
    /// The chain's registration block of the netuid's current subnet (the day's last known); null when the source
    /// does not say. A change starts a new subnet history on the same netuid.
    /// </summary>
    public long? RegistrationBlock { get; init; }
}

/// <summary>TAO's market on one UTC day: each field is the day's last reported value.</summary>
public sealed record MarketDay(DateOnly Day)
{
    public decimal? PriceUsd { get; init; }

    public decimal? MarketCapUsd { get; init; }

    public decimal? CirculatingSupply { get; init; }

    /// <summary>TAO issued so far.</summary>
    public decimal? TotalSupply { get; init; }

    public decimal? MaxSupply { get; init; }

    public decimal? FullyDilutedValuationUsd { get; init; }

    public decimal? Volume24hUsd { get; init; }
}

/// <summary>Turns stored snapshots (several a day, several sources) into one row per subnet-day and per market-day.</summary>
public static class DailyRollup
{
    /// <summary>
    /// A day's mean per-block figure from its sum and count of non-null samples: null when there were none, else
    /// carried to 9 decimal places of a rao (far below anything the chain resolves). Storage that pre-aggregates
    /// sums and counts reads means through here.
    /// </summary>
    public static decimal? Mean(decimal? sum, int count) => count == 0 || sum is not { } total ? null : NanoUnits.Carry(total / count);

    /// <summary>The UTC calendar day an instant falls on.</summary>
    public static DateOnly UtcDay(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    /// <summary>
    /// One row per (netuid, UTC day) that has at least one snapshot, ordered by netuid then day. Days without
    /// snapshots get no row: they are gaps. Ties in time are ordered by source name (ordinal), so the result does
    /// not depend on input order; the same (netuid, instant, source) twice is an error.
    /// </summary>
    public static IReadOnlyList<SubnetDay> Subnets(IEnumerable<SubnetSnapshotInput> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var sorted = snapshots.ToArray();
        Array.Sort(sorted, CompareSnapshots);
        var result = new List<SubnetDay>();
        var start = 0;
        while (start < sorted.Length)
        {
            var netuid = sorted[start].Netuid;
            var day = UtcDay(sorted[start].ObservedAt);
            var end = start + 1;
            while (end < sorted.Length && sorted[end].Netuid == netuid && UtcDay(sorted[end].ObservedAt) == day)
            {
                if (CompareSnapshots(sorted[end - 1], sorted[end]) == 0)
                {
                    throw new ArgumentException($"Duplicate snapshot for subnet {netuid} at {sorted[end].ObservedAt:O} from '{sorted[end].Source}'.", nameof(snapshots));
                }

                end++;
            }

            result.Add(RollUpDay(netuid, day, sorted.AsSpan(start, end - start)));
            start = end;
        }

        return result;
    }

    /// <summary>One row per UTC day that has at least one market snapshot, ordered by day; each field is the day's last value.</summary>
    public static IReadOnlyList<MarketDay> Market(IEnumerable<TaoMarketSnapshotInput> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var sorted = snapshots.ToArray();
        Array.Sort(sorted, CompareMarket);
        var result = new List<MarketDay>();
        var start = 0;
        while (start < sorted.Length)
        {
            var day = UtcDay(sorted[start].ObservedAt);
            var end = start + 1;
            while (end < sorted.Length && UtcDay(sorted[end].ObservedAt) == day)
            {
                if (CompareMarket(sorted[end - 1], sorted[end]) == 0)
                {
                    throw new ArgumentException($"Duplicate market snapshot at {sorted[end].ObservedAt:O} from '{sorted[end].Source}'.", nameof(snapshots));
                }

                end++;
            }

            var span = sorted.AsSpan(start, end - start);
            decimal? price = null, cap = null, circulating = null, total = null, max = null, fdv = null, volume = null;
            foreach (var s in span)
            {
                // Later snapshots overwrite earlier ones field by field: the last known value of the day wins.
                price = s.PriceUsd;
                cap = s.MarketCapUsd ?? cap;
                circulating = s.CirculatingSupply ?? circulating;
                total = s.TotalSupply ?? total;
                max = s.MaxSupply ?? max;
                fdv = s.FullyDilutedValuationUsd ?? fdv;
                volume = s.Volume24hUsd ?? volume;
            }

            result.Add(new MarketDay(day)
            {
                PriceUsd = price,
                MarketCapUsd = cap,
                CirculatingSupply = circulating,
                TotalSupply = total,
                MaxSupply = max,
                FullyDilutedValuationUsd = fdv,
                Volume24hUsd = volume,
            });
            start = end;
        }

        return result;
    }

    private static SubnetDay RollUpDay(int netuid, DateOnly day, ReadOnlySpan<SubnetSnapshotInput> snapshots)
    {
        var taoIn = new MeanAccumulator();
        var excess = new MeanAccumulator();
        var alphaOut = new MeanAccumulator();
        var alphaIn = new MeanAccumulator();
        long? alphaInPool = null, alphaOutstanding = null, taoInPool = null, registrationBlock = null;
        decimal? price = null, movingPrice = null;
        foreach (var s in snapshots)
        {
            taoIn.Add(s.TaoInEmissionRao);
            excess.Add(s.ExcessTaoRao);
            alphaOut.Add(s.AlphaOutEmissionRao);
            alphaIn.Add(s.AlphaInEmissionRao);
            alphaInPool = s.AlphaInPoolRao ?? alphaInPool;
            alphaOutstanding = s.AlphaOutstandingRao ?? alphaOutstanding;
            taoInPool = s.TaoInPoolRao ?? taoInPool;
            price = s.AlphaPriceTao ?? price;
            movingPrice = s.MovingPriceTao ?? movingPrice;
            registrationBlock = s.RegistrationBlock ?? registrationBlock;
        }

        return new SubnetDay(netuid, day)
        {
            TaoInEmissionRao = taoIn.Mean,
            ExcessTaoRao = excess.Mean,
            AlphaOutEmissionRao = alphaOut.Mean,
            AlphaInEmissionRao = alphaIn.Mean,
            AlphaInPoolRao = alphaInPool,
            AlphaOutstandingRao = alphaOutstanding,
            TaoInPoolRao = taoInPool,
            AlphaPriceTao = price,
            MovingPriceTao = movingPrice,
            SnapshotCount = snapshots.Length,
            RegistrationBlock = registrationBlock,
        };
    }

    private static int CompareSnapshots(SubnetSnapshotInput? a, SubnetSnapshotInput? b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var c = a.Netuid.CompareTo(b.Netuid);
        if (c != 0)
        {
            return c;
        }

        c = a.ObservedAt.UtcTicks.CompareTo(b.ObservedAt.UtcTicks);
        return c != 0 ? c : string.CompareOrdinal(a.Source, b.Source);
    }

    private static int CompareMarket(TaoMarketSnapshotInput? a, TaoMarketSnapshotInput? b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var c = a.ObservedAt.UtcTicks.CompareTo(b.ObservedAt.UtcTicks);
        return c != 0 ? c : string.CompareOrdinal(a.Source, b.Source);
    }

    // Sums whole rao exactly (a decimal holds any sum of longs we meet), so the mean does not depend on order.
    private struct MeanAccumulator
    {
        private decimal _sum;
        private int _count;

        public void Add(long? value)
        {
            if (value is { } v)
            {
                _sum += v;
                _count++;
            }
        }

        public readonly decimal? Mean => DailyRollup.Mean(_sum, _count);
    }
}
