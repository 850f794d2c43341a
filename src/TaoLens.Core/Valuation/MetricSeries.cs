using System.Collections;

namespace TaoLens.Core.Valuation;

/// <summary>
/// One metric as a daily series, day <see cref="From"/> to <see cref="To"/> inclusive (UTC days).
/// Stored column-wise so a point series costs one decimal a day; read a day back as a <see cref="Metric"/>.
/// Built once by the engine and read-only afterwards.
/// </summary>
public sealed class MetricSeries : IReadOnlyList<Metric>
{
    private readonly SeriesStore _store;
    private ColumnSlice _base;
    private ColumnSlice _low;
    private ColumnSlice _high;
    private MissingReason[]? _reasons;
    private MetricNotes[]? _notes;
    private readonly Func<int, Metric>? _derive;

    internal MetricSeries(SeriesStore store)
    {
        _store = store;
        From = store.From;
        Count = store.Count;
    }

    // A figure that is a function of other series' same day (a split share, coverage, earnings, P/S, the halving
    // scenarios) is computed when a day is read instead of stored: pages read a few days, and the engine skips the work.
    private MetricSeries(SeriesStore store, Func<int, Metric> derive)
        : this(store) => _derive = derive;

    /// <summary>A read-only series whose index-th day is <paramref name="derive"/>(index), from series of the same range.</summary>
    internal static MetricSeries Derived(SeriesStore store, Func<int, Metric> derive) => new(store, derive);

    public DateOnly From { get; }

    public DateOnly To => From.AddDays(Count - 1);

    public int Count { get; }

    /// <summary>The figure on the index-th day (0 = <see cref="From"/>).</summary>
    public Metric this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            if (_derive is not null)
            {
                return _derive(index);
            }

            var reason = _reasons is null ? MissingReason.None : _reasons[index];
            if (reason != MissingReason.None)
            {
                return Metric.Missing(reason);
            }

            var notes = _notes is null ? MetricNotes.None : _notes[index];
            var @base = _base[index];
            if (!_low.IsAllocated)
            {
                return Metric.Point(@base, notes);
            }

            return (notes & MetricNotes.HighUnbounded) != 0
                ? Metric.Unbounded(_low[index], @base, notes)
                : Metric.Ranged(_low[index], @base, _high[index], notes);
        }
    }

    /// <summary>The figure on a UTC day inside the series.</summary>
    public Metric At(DateOnly day) => this[IndexOf(day)];

    public DateOnly DayAt(int index) => From.AddDays(index);

    public int IndexOf(DateOnly day)
    {
        var index = day.DayNumber - From.DayNumber;
        if (index < 0 || index >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, $"Outside the series {From:yyyy-MM-dd}..{To:yyyy-MM-dd}.");
        }

        return index;
    }

    public IEnumerator<Metric> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Written in day order by the engine. Columns appear when first needed: a series that is missing every day
    // (a subnet without revenue) costs one byte a day, and range columns appear only once a day has a range.
    internal void Set(int index, in Metric value)
    {
        if (_derive is not null)
        {
            throw new InvalidOperationException("A derived series is computed from its source, never set.");
        }

        if (!value.HasValue)
        {
            (_reasons ??= new MissingReason[Count])[index] = value.Reason;
            return;
        }

        if (!_base.IsAllocated)
        {
            _base = _store.Take();
        }

        _base[index] = value.BaseValue;
        if (value.Notes != MetricNotes.None)
        {
            (_notes ??= new MetricNotes[Count])[index] = value.Notes;
        }

        if (value.IsRange)
        {
            if (!_low.IsAllocated)
            {
                // Earlier days were points: their low and high equal their base.
                _low = _store.Take();
                _high = _store.Take();
                _base.CopyTo(_low, index);
                _base.CopyTo(_high, index);
            }

            _low[index] = value.LowValue;
            _high[index] = value.HighValue;
        }
        else if (_low.IsAllocated)
        {
            _low[index] = value.BaseValue;
            _high[index] = value.BaseValue;
        }
    }
}

/// <summary>
/// Hands out day columns for the series of one subject (a subnet, or the network) from blocks of eight columns (one
/// for a lone series, the shared TAO price).
/// For ranges of a year or more the blocks go to the large-object heap, so a result's columns are not copied
/// between GC generations. Blocks are not zeroed: a slot is only read on a day the series wrote a value.
/// </summary>
internal sealed class SeriesStore(DateOnly from, int count, int columnsPerBlock = 8)
{
    private readonly int _columnsPerBlock = columnsPerBlock;
    private decimal[]? _block;
    private int _nextColumn = columnsPerBlock;

    public DateOnly From { get; } = from;

    public int Count { get; } = count;

    public MetricSeries NewSeries() => new(this);

    public ColumnSlice Take()
    {
        if (_nextColumn == _columnsPerBlock)
        {
            _block = GC.AllocateUninitializedArray<decimal>(Math.Max(1, Count) * _columnsPerBlock);
            _nextColumn = 0;
        }

        return new ColumnSlice(_block!, Count * _nextColumn++);
    }
}

/// <summary>One day column inside a <see cref="SeriesStore"/> block.</summary>
internal readonly struct ColumnSlice(decimal[] block, int offset)
{
    private readonly decimal[]? _block = block;

    public bool IsAllocated => _block is not null;

    public decimal this[int index]
    {
        get => _block![offset + index];
        set => _block![offset + index] = value;
    }

    /// <summary>Copies the first <paramref name="length"/> days into another column.</summary>
    public void CopyTo(ColumnSlice target, int length) => Array.Copy(_block!, offset, target._block!, target.Offset, length);

    private int Offset => offset;
}
