namespace TaoLens.Core.Valuation;

/// <summary>
/// Network-wide figures built from the subnets (docs/metrics.md, "Network figures"). A network total is exactly
/// the sum of the subnets that have a value.
/// </summary>
public static class NetworkFigures
{
    /// <summary>
    /// Sum of the subnet figures that have a value. Subnets without one are left out and, when
    /// <paramref name="noteMissing"/> is set, the total carries <see cref="MetricNotes.SomeSubnetsMissing"/>.
    /// With no value at all the total is missing with <paramref name="whenNone"/> (or, when that is
    /// <see cref="MissingReason.None"/>, the first subnet's own reason).
    /// </summary>
    public static Metric Total(IEnumerable<Metric> subnetFigures, MissingReason whenNone, bool noteMissing = true)
    {
        ArgumentNullException.ThrowIfNull(subnetFigures);
        var total = new MetricTotal();
        var key = 0;
        foreach (var figure in subnetFigures)
        {
            total.Add(figure, key++);
        }

        return total.Result(whenNone, noteMissing);
    }

    /// <summary>
    /// Coverage of the analysis (%): the share of the network's annualised TAO-side subsidy, in TAO, that goes to
    /// subnets whose external revenue is known (a usable, non-stale figure) = Σ with revenue / Σ all × 100.
    /// </summary>
    public static Metric RevenueCoverageSharePercent(IEnumerable<(Metric AnnualSubsidyTao, bool HasRevenue)> subnets)
    {
        ArgumentNullException.ThrowIfNull(subnets);
        var share = new CoverageShare();
        var key = 0;
        foreach (var (subsidy, hasRevenue) in subnets)
        {
            share.Add(subsidy, hasRevenue, key++);
        }

        return share.Result();
    }
}

/// <summary>
/// Accumulates a network total. Subnets' amounts are carried to 9 decimal places, so the sum is exact whatever
/// order they are added in. The "first" missing reason is the one with the smallest key (the netuid).
/// </summary>
internal struct MetricTotal
{
    private Metric _sum;
    private bool _any;
    private bool _someMissing;
    private int _firstMissingKey;
    private MissingReason _firstReason;

    public void Add(in Metric figure, int key)
    {
        if (!figure.HasValue)
        {
            NoteMissing(key, figure.Reason);
            return;
        }

        _sum = _any ? MetricMath.Add(_sum, figure) : figure;
        _any = true;
    }

    public readonly Metric Result(MissingReason whenNone, bool noteMissing)
    {
        if (!_any)
        {
            // Without a stated reason the first subnet's own reason stands; with no subnets at all there is no snapshot.
            var reason = whenNone != MissingReason.None ? whenNone
                : _someMissing ? _firstReason
                : MissingReason.NoSnapshot;
            return Metric.Missing(reason);
        }

        return noteMissing && _someMissing ? _sum.WithNotes(MetricNotes.SomeSubnetsMissing) : _sum;
    }

    private void NoteMissing(int key, MissingReason reason)
    {
        if (!_someMissing || key < _firstMissingKey)
        {
            _firstMissingKey = key;
            _firstReason = reason;
        }

        _someMissing = true;
    }
}

/// <summary>Accumulates the revenue coverage share.</summary>
internal struct CoverageShare
{
    private MetricTotal _all;
    private MetricTotal _withRevenue;
    private bool _anyWithRevenue;

    public void Add(in Metric annualSubsidyTao, bool hasRevenue, int key)
    {
        _all.Add(annualSubsidyTao, key);
        if (hasRevenue && annualSubsidyTao.HasValue)
        {
            _withRevenue.Add(annualSubsidyTao, key);
            _anyWithRevenue = true;
        }
    }

    public readonly Metric Result()
    {
        var all = _all.Result(MissingReason.None, noteMissing: false);
        if (!all.HasValue)
        {
            return all;
        }

        var withRevenue = _anyWithRevenue ? _withRevenue.Result(MissingReason.None, noteMissing: false) : Metric.Of(0m);
        return MetricMath.Scale(MetricMath.Divide(withRevenue, all), 100m);
    }
}
