namespace TaoLens.Core.Valuation;

/// <summary>How a figure moved between two days: by how much, and by how many percent.</summary>
public readonly record struct Change(Metric Absolute, Metric Percent);

/// <summary>Week-over-week changes (docs/metrics.md, "Week-over-week change").</summary>
public static class Changes
{
    /// <summary>
    /// Base against base: absolute = now − before; percent = (now − before) / |before| × 100, so a fall reads negative
    /// whatever the sign of the figures. Ranges are not differenced: the difference of two ranges would be wider than
    /// either and says nothing of the move. Missing when either day is, the later day's reason first; percent missing
    /// (division by zero) when the earlier base is 0. The notes of both days carry over, but an open high end.
    /// </summary>
    public static Change Between(in Metric now, in Metric before)
    {
        if (!now.HasValue || !before.HasValue)
        {
            var missing = Metric.Missing(now.HasValue ? before.Reason : now.Reason);
            return new Change(missing, missing);
        }

        var notes = (now.Notes | before.Notes) & ~MetricNotes.HighUnbounded;
        try
        {
            var difference = now.BaseValue - before.BaseValue;
            var percent = before.BaseValue == 0m
                ? Metric.Missing(MissingReason.DivisionByZero)
                : Metric.Point(difference * 100m / Math.Abs(before.BaseValue), notes);
            return new Change(Metric.Point(difference, notes), percent);
        }
        catch (OverflowException)
        {
            // Figures near decimal's limits (absurd inputs) fail this change, not the digest.
            var outOfRange = Metric.Missing(MissingReason.OutOfRange);
            return new Change(outOfRange, outOfRange);
        }
    }
}
