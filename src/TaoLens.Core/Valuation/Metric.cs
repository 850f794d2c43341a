namespace TaoLens.Core.Valuation;

/// <summary>Why a metric has no value (docs/metrics.md, "Missing data"). Never replaced by 0 or infinity.</summary>
public enum MissingReason : byte
{
    /// <summary>The metric has a value.</summary>
    None = 0,

    /// <summary>No stored snapshot for that subnet-day: a gap in the series.</summary>
    NoSnapshot,

    /// <summary>Snapshots exist for the day but not the emission field the metric needs.</summary>
    NoEmissionData,

    /// <summary>No TAO price (USD) or no alpha price (TAO) for that day.</summary>
    NoPrice,

    /// <summary>Alpha pool sizes (alpha in pool, alpha outstanding) unknown for that day.</summary>
    NoPoolData,

    /// <summary>TAO market cap, supply or issuance unknown for that day.</summary>
    NoMarketData,

    /// <summary>Fewer days with data in the trailing window than the minimum coverage requires.</summary>
    WindowIncomplete,

    /// <summary>No revenue entry and no daily revenue series covers the subnet as of that day.</summary>
    NoRevenueData,

    /// <summary>The latest revenue figure is older than the stale threshold (180 days by default).</summary>
    StaleRevenue,

    /// <summary>The denominator's base is zero (e.g. zero revenue for a multiple).</summary>
    DivisionByZero,

    /// <summary>All 21M of the supply is issued: the schedule has no next halving.</summary>
    SupplyExhausted,

    /// <summary>The figure was never set: what <c>default(Metric)</c> reads as, so an unset slot is never a valid zero.</summary>
    Unset,

    /// <summary>An input the figure needs is invalid (a negative amount or price, a revenue period that is not whole UTC days).</summary>
    InvalidInput,

    /// <summary>The result is too large to represent (e.g. the growth needed on a near-zero revenue).</summary>
    OutOfRange,
}

/// <summary>Facts about a value that a reader should see next to it. Flags combine.</summary>
[Flags]
public enum MetricNotes : byte
{
    None = 0,

    /// <summary>The range has no upper bound: the denominator's low bound is zero. <see cref="Metric.High"/> is null.</summary>
    HighUnbounded = 1,

    /// <summary>Excess TAO (chain buys) was unknown on at least one day used, so the TAO side counts tao_in only.</summary>
    ExcessTaoUnknown = 2,

    /// <summary>The trailing window met the coverage rule but had gaps; the annualisation used the days present.</summary>
    WindowHasGaps = 4,

    /// <summary>A network total left out subnets that had no value for it.</summary>
    SomeSubnetsMissing = 8,

    /// <summary>Subsidy-to-revenue above 1,000x, or revenue under $1,000 a year: the multiple says little beyond "over 1,000x".</summary>
    ImmaterialRevenue = 16,
}

/// <summary>
/// One figure: either a value with an ordered low/base/high range, or a <see cref="MissingReason"/>.
/// A point value has low = base = high. Arithmetic on figures lives in the engine (internal), so every
/// metric is computed in one place.
/// </summary>
public readonly struct Metric : IEquatable<Metric>
{
    private readonly decimal _low;
    private readonly decimal _base;
    private readonly decimal _high;
    private readonly bool _isRange;

    // False only in default(Metric): every constructed metric is set, so an unset one reads as missing (Unset).
    private readonly bool _isSet;
    private readonly MissingReason _reason;

    private Metric(decimal low, decimal @base, decimal high, bool isRange, MissingReason reason, MetricNotes notes)
    {
        _low = low;
        _base = @base;
        _high = high;
        _isRange = isRange;
        _isSet = true;
        _reason = reason;
        Notes = notes;
    }

    public MissingReason Reason => _isSet ? _reason : MissingReason.Unset;

    public MetricNotes Notes { get; }

    public bool HasValue => _isSet && _reason == MissingReason.None;

    /// <summary>The low bound, or null when the metric is missing.</summary>
    public decimal? Low => HasValue ? _low : null;

    /// <summary>The central value, or null when the metric is missing.</summary>
    public decimal? Base => HasValue ? _base : null;

    /// <summary>The high bound, or null when the metric is missing or the range is open above (<see cref="IsHighUnbounded"/>).</summary>
    public decimal? High => HasValue && !IsHighUnbounded ? _high : null;

    public bool IsHighUnbounded => (Notes & MetricNotes.HighUnbounded) != 0;

    /// <summary>True when the value is a single number (low = base = high).</summary>
    public bool IsPoint => HasValue && !_isRange;

    internal decimal LowValue => _low;

    internal decimal BaseValue => _base;

    internal decimal HighValue => _high;

    internal bool IsRange => _isRange;

    public static Metric Of(decimal value) => new(value, value, value, false, MissingReason.None, MetricNotes.None);

    /// <summary>A ranged value; throws unless low ≤ base ≤ high.</summary>
    public static Metric Of(decimal low, decimal @base, decimal high)
    {
        if (low > @base || @base > high)
        {
            throw new ArgumentException($"Range must be ordered: {low} ≤ {@base} ≤ {high}.", nameof(@base));
        }

        return Ranged(low, @base, high, MetricNotes.None);
    }

    public static Metric Of(Range3 range) => Ranged(range.Low, range.Base, range.High, MetricNotes.None);

    /// <summary>A range with no upper bound: low and base are known, high is open.</summary>
    public static Metric AtLeast(decimal low, decimal @base)
    {
        if (low > @base)
        {
            throw new ArgumentException($"Range must be ordered: {low} ≤ {@base}.", nameof(@base));
        }

        return new(low, @base, @base, true, MissingReason.None, MetricNotes.HighUnbounded);
    }

    public static Metric Missing(MissingReason reason)
    {
        if (reason == MissingReason.None)
        {
            throw new ArgumentException("A missing metric needs a reason.", nameof(reason));
        }

        return new(0m, 0m, 0m, false, reason, MetricNotes.None);
    }

    /// <summary>The same figure with more notes (HighUnbounded cannot be added this way).</summary>
    public Metric WithNotes(MetricNotes notes) =>
        new(_low, _base, _high, _isRange, Reason, Notes | (notes & ~MetricNotes.HighUnbounded));

    /// <summary>The range, when the metric has a value with a finite high bound.</summary>
    public bool TryGetRange(out Range3 range)
    {
        if (!HasValue || IsHighUnbounded)
        {
            range = default;
            return false;
        }

        range = new Range3(_low, _base, _high);
        return true;
    }

    // Rounding in decimal division can put a bound one unit in the last place on the wrong side of the base;
    // clamping keeps low ≤ base ≤ high, which every consumer relies on.
    internal static Metric Ranged(decimal low, decimal @base, decimal high, MetricNotes notes)
    {
        if (low > @base)
        {
            low = @base;
        }

        if (high < @base)
        {
            high = @base;
        }

        var isRange = low != high;
        return new(low, @base, high, isRange, MissingReason.None, notes & ~MetricNotes.HighUnbounded);
    }

    internal static Metric Point(decimal value, MetricNotes notes) =>
        new(value, value, value, false, MissingReason.None, notes & ~MetricNotes.HighUnbounded);

    internal static Metric Unbounded(decimal low, decimal @base, MetricNotes notes)
    {
        if (low > @base)
        {
            low = @base;
        }

        return new(low, @base, @base, true, MissingReason.None, notes | MetricNotes.HighUnbounded);
    }

    public bool Equals(Metric other) =>
        Reason == other.Reason && Notes == other.Notes && _low == other._low && _base == other._base && _high == other._high;

    public override bool Equals(object? obj) => obj is Metric other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Reason, Notes, _low, _base, _high);

    public static bool operator ==(Metric left, Metric right) => left.Equals(right);

    public static bool operator !=(Metric left, Metric right) => !left.Equals(right);

    public override string ToString()
    {
        if (!HasValue)
        {
            return $"n/a ({Reason})";
        }

        if (!_isRange)
        {
            return _base.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var high = IsHighUnbounded ? "open" : _high.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_low} / {_base} / {high}");
    }
}
