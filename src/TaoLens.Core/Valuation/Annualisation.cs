using TaoLens.Core.Chain;

namespace TaoLens.Core.Valuation;

/// <summary>
/// Trailing-window annualisation (docs/metrics.md, "Annualisation"): over the window's days that have a value,
/// annual = sum × 365 / days present, rounded half to even to 9 decimal places. A window with fewer than
/// ceiling(window × coverage) days present is missing: <see cref="MissingReason.WindowIncomplete"/>, or the
/// days' own reason when none is present.
/// </summary>
public static class Annualisation
{
    /// <summary>Annualises one trailing window; <paramref name="window"/> runs oldest to newest, one element a day, gaps as missing metrics.</summary>
    public static Metric Annualise(ReadOnlySpan<Metric> window, ValuationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (window.Length != options.WindowDays)
        {
            throw new ArgumentException($"The window has {window.Length} days; the options say {options.WindowDays}.", nameof(window));
        }

        var rolling = new RollingAnnualiser(options);
        var result = Metric.Missing(MissingReason.WindowIncomplete);
        foreach (var day in window)
        {
            result = rolling.Push(day);
        }

        return result;
    }

    /// <summary>sum × 365 / days for a sum in units of 1e-9, rounded half to even to 9 decimal places.</summary>
    internal static decimal Annualise(Int128 sumUnits, int days) =>
        NanoUnits.ToDecimal(NanoUnits.MultiplyDivide(sumUnits, ChainUnits.DaysPerYear, days));
}

/// <summary>
/// The one implementation of the window rule, fed a day at a time so a daily series costs O(days).
/// Sums are exact integers of 1e-9 (daily inputs are carried to 9 decimal places), so a sliding sum equals a fresh one.
/// </summary>
internal sealed class RollingAnnualiser
{
    private const int NoteBits = 8;

    private readonly WindowDay[] _ring;
    private readonly int _required;
    private readonly int[] _noteCounts = new int[NoteBits];
    private int _next;
    private int _filled;
    private int _present;
    private int _ranged;
    private int _unbounded;
    private int _notedDays;
    private Int128 _sumBase;
    private Int128 _sumLowDelta;
    private Int128 _sumHighDelta;

    public RollingAnnualiser(ValuationOptions options)
    {
        _ring = new WindowDay[options.WindowDays];
        _required = options.RequiredDaysInWindow;
    }

    /// <summary>Adds the next day (the oldest day leaves once the window is full) and returns the annualised figure for the window ending on it.</summary>
    public Metric Push(in Metric day)
    {
        Slide(day);
        return Current(day.Reason);
    }

    /// <summary>Adds the next day without annualising: for lookback days whose figure nobody reads.</summary>
    public void Slide(in Metric day)
    {
        if (_filled == _ring.Length)
        {
            Remove(_ring[_next]);
        }
        else
        {
            _filled++;
        }

        var entry = WindowDay.From(day);
        _ring[_next] = entry;
        _next = _next + 1 == _ring.Length ? 0 : _next + 1;
        Include(entry);
    }

    private Metric Current(MissingReason newestReason)
    {
        if (_present < _required)
        {
            // An empty window keeps the days' own reason (no snapshot, no price): more useful than "incomplete".
            return Metric.Missing(_present == 0 ? newestReason : MissingReason.WindowIncomplete);
        }

        var notes = Notes();
        if (_present < _ring.Length)
        {
            notes |= MetricNotes.WindowHasGaps;
        }

        var @base = Annualisation.Annualise(_sumBase, _present);
        if (_ranged == 0)
        {
            return Metric.Point(@base, notes);
        }

        var low = Annualisation.Annualise(_sumBase + _sumLowDelta, _present);
        return _unbounded > 0
            ? Metric.Unbounded(low, @base, notes)
            : Metric.Ranged(low, @base, Annualisation.Annualise(_sumBase + _sumHighDelta, _present), notes);
    }

    private void Include(in WindowDay day)
    {
        if (!day.Present)
        {
            return;
        }

        _present++;
        _sumBase += day.Base;
        if (day.Notes != MetricNotes.None)
        {
            _notedDays++;
            CountNotes(day.Notes, 1);
        }

        if (day.IsRange)
        {
            _ranged++;
            _sumLowDelta += day.LowDelta;
            _sumHighDelta += day.HighDelta;
            if (day.Unbounded)
            {
                _unbounded++;
            }
        }
    }

    private void Remove(in WindowDay day)
    {
        if (!day.Present)
        {
            return;
        }

        _present--;
        _sumBase -= day.Base;
        if (day.Notes != MetricNotes.None)
        {
            _notedDays--;
            CountNotes(day.Notes, -1);
        }

        if (day.IsRange)
        {
            _ranged--;
            _sumLowDelta -= day.LowDelta;
            _sumHighDelta -= day.HighDelta;
            if (day.Unbounded)
            {
                _unbounded--;
            }
        }
    }

    private void CountNotes(MetricNotes notes, int delta)
    {
        var bits = (int)notes;
        for (var bit = 0; bit < NoteBits; bit++)
        {
            if ((bits & (1 << bit)) != 0)
            {
                _noteCounts[bit] += delta;
            }
        }
    }

    private MetricNotes Notes()
    {
        if (_notedDays == 0)
        {
            return MetricNotes.None;
        }

        var notes = 0;
        for (var bit = 0; bit < NoteBits; bit++)
        {
            if (_noteCounts[bit] > 0)
            {
                notes |= 1 << bit;
            }
        }

        // Openness is recomputed from the window, not inherited from a day's note.
        return (MetricNotes)notes & ~(MetricNotes.HighUnbounded | MetricNotes.WindowHasGaps);
    }

    // A day as the window keeps it: in units of 1e-9, converted once on the way in.
    private readonly record struct WindowDay(bool Present, Int128 Base, bool IsRange, Int128 LowDelta, Int128 HighDelta, bool Unbounded, MetricNotes Notes)
    {
        public static WindowDay From(in Metric day)
        {
            if (!day.HasValue)
            {
                return default;
            }

            var @base = NanoUnits.From(day.BaseValue);
            if (!day.IsRange)
            {
                return new WindowDay(true, @base, false, 0, 0, false, day.Notes);
            }

            var highDelta = day.IsHighUnbounded ? 0 : NanoUnits.From(day.HighValue) - @base;
            return new WindowDay(true, @base, true, NanoUnits.From(day.LowValue) - @base, highDelta, day.IsHighUnbounded, day.Notes);
        }
    }
}
