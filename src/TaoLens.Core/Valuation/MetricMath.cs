namespace TaoLens.Core.Valuation;

/// <summary>
/// Range arithmetic on <see cref="Metric"/>. A missing operand makes the result missing with that operand's
/// reason (left operand first). Point operands take a one-operation fast path; ranges follow interval rules
/// (docs/metrics.md, "Ranges").
/// </summary>
internal static class MetricMath
{
    public static Metric Add(in Metric a, in Metric b)
    {
        if (!a.HasValue)
        {
            return Metric.Missing(a.Reason);
        }

        if (!b.HasValue)
        {
            return Metric.Missing(b.Reason);
        }

        var notes = a.Notes | b.Notes;
        if (!a.IsRange && !b.IsRange)
        {
            return Metric.Point(a.BaseValue + b.BaseValue, notes);
        }

        var low = a.LowValue + b.LowValue;
        var @base = a.BaseValue + b.BaseValue;
        return a.IsHighUnbounded || b.IsHighUnbounded
            ? Metric.Unbounded(low, @base, notes)
            : Metric.Ranged(low, @base, a.HighValue + b.HighValue, notes);
    }

    public static Metric Subtract(in Metric a, in Metric b)
    {
        if (!a.HasValue)
        {
            return Metric.Missing(a.Reason);
        }

        if (!b.HasValue)
        {
            return Metric.Missing(b.Reason);
        }

        // An unbounded subtrahend would give a low bound of minus infinity, which has no honest number;
        // unboundedness only ever comes from a zero denominator, so that is the reason.
        if (b.IsHighUnbounded)
        {
            return Metric.Missing(MissingReason.DivisionByZero);
        }

        var notes = a.Notes | b.Notes;
        if (!a.IsRange && !b.IsRange)
        {
            return Metric.Point(a.BaseValue - b.BaseValue, notes);
        }

        var low = a.LowValue - b.HighValue;
        var @base = a.BaseValue - b.BaseValue;
        return a.IsHighUnbounded
            ? Metric.Unbounded(low, @base, notes)
            : Metric.Ranged(low, @base, a.HighValue - b.LowValue, notes);
    }

    public static Metric Multiply(in Metric a, in Metric b)
    {
        try
        {
            return MultiplyUnchecked(a, b);
        }
        catch (OverflowException)
        {
            // A product or quotient beyond decimal's range (absurd inputs) fails this figure, not the valuation.
            return Metric.Missing(MissingReason.OutOfRange);
        }
    }

    private static Metric MultiplyUnchecked(in Metric a, in Metric b)
    {
        if (!a.HasValue)
        {
            return Metric.Missing(a.Reason);
        }

        if (!b.HasValue)
        {
            return Metric.Missing(b.Reason);
        }

        var notes = a.Notes | b.Notes;
        if (!a.IsRange && !b.IsRange)
        {
            return Metric.Point(a.BaseValue * b.BaseValue, notes);
        }

        var @base = a.BaseValue * b.BaseValue;
        if (a.LowValue >= 0m && b.LowValue >= 0m)
        {
            var low = a.LowValue * b.LowValue;
            if (a.IsHighUnbounded || b.IsHighUnbounded)
            {
                // Unbounded times a factor that is zero everywhere is zero, not open.
                var aZero = !a.IsHighUnbounded && a.HighValue == 0m;
                var bZero = !b.IsHighUnbounded && b.HighValue == 0m;
                return aZero || bZero ? Metric.Point(0m, notes) : Metric.Unbounded(low, @base, notes);
            }

            return Metric.Ranged(low, @base, a.HighValue * b.HighValue, notes);
        }

        if (a.IsHighUnbounded || b.IsHighUnbounded)
        {
            throw new InvalidOperationException("Open ranges are only multiplied by non-negative figures.");
        }

        // Signed intervals: the bounds are the extreme corner products.
        var p1 = a.LowValue * b.LowValue;
        var p2 = a.LowValue * b.HighValue;
        var p3 = a.HighValue * b.LowValue;
        var p4 = a.HighValue * b.HighValue;
        return Metric.Ranged(Math.Min(Math.Min(p1, p2), Math.Min(p3, p4)), @base, Math.Max(Math.Max(p1, p2), Math.Max(p3, p4)), notes);
    }

    /// <summary>Multiplies by a non-negative constant.</summary>
    public static Metric Scale(in Metric a, decimal factor)
    {
        if (!a.HasValue)
        {
            return Metric.Missing(a.Reason);
        }

        if (factor < 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "Scale factors are non-negative.");
        }

        if (!a.IsRange)
        {
            return Metric.Point(a.BaseValue * factor, a.Notes);
        }

        if (a.IsHighUnbounded)
        {
            return factor == 0m ? Metric.Point(0m, a.Notes) : Metric.Unbounded(a.LowValue * factor, a.BaseValue * factor, a.Notes);
        }

        return Metric.Ranged(a.LowValue * factor, a.BaseValue * factor, a.HighValue * factor, a.Notes);
    }

    /// <summary>
    /// Divides non-negative figures. Low = low / high, high = high / low. A zero base denominator is
    /// <see cref="MissingReason.DivisionByZero"/>; a zero low denominator (base above zero) leaves the high bound open.
    /// </summary>
    public static Metric Divide(in Metric numerator, in Metric denominator)
    {
        try
        {
            return DivideUnchecked(numerator, denominator);
        }
        catch (OverflowException)
        {
            // A product or quotient beyond decimal's range (absurd inputs) fails this figure, not the valuation.
            return Metric.Missing(MissingReason.OutOfRange);
        }
    }

    private static Metric DivideUnchecked(in Metric numerator, in Metric denominator)
    {
        if (!numerator.HasValue)
        {
            return Metric.Missing(numerator.Reason);
        }

        if (!denominator.HasValue)
        {
            return Metric.Missing(denominator.Reason);
        }

        if (numerator.LowValue < 0m || denominator.LowValue < 0m)
        {
            throw new InvalidOperationException("Ratios are only formed from non-negative figures.");
        }

        if (denominator.BaseValue == 0m)
        {
            return Metric.Missing(MissingReason.DivisionByZero);
        }

        var notes = numerator.Notes | denominator.Notes;
        if (!numerator.IsRange && !denominator.IsRange)
        {
            return Metric.Point(numerator.BaseValue / denominator.BaseValue, notes);
        }

        var @base = numerator.BaseValue / denominator.BaseValue;
        var low = denominator.IsHighUnbounded ? 0m : numerator.LowValue / denominator.HighValue;
        var numeratorAllZero = !numerator.IsHighUnbounded && numerator.HighValue == 0m;
        if (numeratorAllZero)
        {
            return Metric.Point(0m, notes);
        }

        if (numerator.IsHighUnbounded || denominator.LowValue == 0m)
        {
            return Metric.Unbounded(low, @base, notes);
        }

        return Metric.Ranged(low, @base, numerator.HighValue / denominator.LowValue, notes);
    }
}
