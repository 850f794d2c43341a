using System.Globalization;
using TaoLens.Core.Valuation;

namespace TaoLens.Core.Claims;

/// <summary>
/// Checks published claims against TaoLens's own figures (docs/metrics.md, "Claims check"). Pure: the measurement is
/// the engine's series for the same quantity and subject, read at the day nearest the claim's dates.
/// </summary>
public static class ClaimsCheck
{
    /// <summary>A measurement further than this many days from the claim's dates is not used.</summary>
    public const int MaxGapDays = 30;

    /// <summary>
    /// A claim without a range is consistent when the measurement is within this factor of its base either way:
    /// base ÷ 1.1 ≤ measured ≤ base × 1.1 (published figures are rounded "about" numbers).
    /// </summary>
    public const decimal ToleranceFactor = 1.1m;

    /// <summary>The claim checked against the engine's figures in <paramref name="result"/> (null: no data was computed).</summary>
    public static ClaimCheckResult Check(ClaimInput claim, ValuationResult? result)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.IsGroupClaim)
        {
            return new ClaimCheckResult(null, Metric.Missing(MissingReason.NoRevenueData), ClaimVerdict.NotMeasured, null,
                "not measured: TaoLens does not measure a group of subnets together") { MissingReason = MissingReason.NoRevenueData };
        }

        return Check(claim, result is null ? [] : ClaimMeasurements.Days(claim, result));
    }

    /// <summary>The claim checked against a daily series of TaoLens's figure for the same quantity and subject.</summary>
    public static ClaimCheckResult Check(ClaimInput claim, IEnumerable<(DateOnly Day, Metric Value)> measured)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(measured);
        Validate(claim);
        var nearest = Nearest(claim, measured, out var reason);
        if (nearest is null)
        {
            var why = reason is MissingReason.None or MissingReason.NoSnapshot ? "" : $" ({reason.Describe()})";
            return new ClaimCheckResult(null, Metric.Missing(reason == MissingReason.None ? MissingReason.NoSnapshot : reason), ClaimVerdict.NoData, null,
                $"no data within {MaxGapDays} days of the claim{why}") { MissingReason = reason == MissingReason.None ? MissingReason.NoSnapshot : reason };
        }

        var m = nearest.Value.Base!.Value;
        var claimed = Claimed(claim);
        var ratio = MetricMath.Divide(Metric.Of(m), claimed);
        var (verdict, factor) = Compare(claim, m);
        return new ClaimCheckResult(nearest, ratio, verdict, factor, Words(claim, verdict, factor, m));
    }

    /// <summary>
    /// The day of <paramref name="measured"/> nearest the claim's dates that has a value, within
    /// <see cref="MaxGapDays"/>; ties go to the later day. Null when there is none; <paramref name="reason"/> is then the
    /// nearest day's own reason, or <see cref="MissingReason.None"/> when no day is within reach.
    /// </summary>
    public static ClaimMeasurement? Nearest(ClaimInput claim, IEnumerable<(DateOnly Day, Metric Value)> measured, out MissingReason reason)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(measured);
        ClaimMeasurement? best = null;
        (DateOnly Day, int Gap, MissingReason Reason)? nearestMissing = null;
        foreach (var (day, value) in measured)
        {
            var gap = Gap(claim, day);
            if (gap > MaxGapDays)
            {
                continue;
            }

            if (value.HasValue)
            {
                if (best is null || gap < best.GapDays || (gap == best.GapDays && day > best.Day))
                {
                    best = new ClaimMeasurement(day, gap, value);
                }
            }
            else if (nearestMissing is not { } n || gap < n.Gap || (gap == n.Gap && day > n.Day))
            {
                nearestMissing = (day, gap, value.Reason);
            }
        }

        reason = best is null && nearestMissing is { } missing ? missing.Reason : MissingReason.None;
        return best;
    }

    /// <summary>Days from <paramref name="day"/> to the nearest of the claim's days (0 inside them).</summary>
    public static int Gap(ClaimInput claim, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return day < claim.From ? claim.From.DayNumber - day.DayNumber
            : day > claim.To ? day.DayNumber - claim.To.DayNumber
            : 0;
    }

    /// <summary>The claim as a figure: low, base (the midpoint of the range when the claim gives none) and high.</summary>
    public static Metric Claimed(ClaimInput claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        Validate(claim);
        var @base = claim.Base ?? (claim.Low!.Value + claim.High!.Value) / 2m;
        return Metric.Of(claim.Low ?? @base, @base, claim.High ?? @base);
    }

    /// <summary>Throws unless the claim has positive figures, ordered, and its days in order.</summary>
    public static void Validate(ClaimInput claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.Base is null && (claim.Low is null || claim.High is null))
        {
            throw new ArgumentException("A claim needs a base figure or both ends of a range.", nameof(claim));
        }

        if (claim.Base <= 0 || claim.Low <= 0 || claim.High <= 0)
        {
            throw new ArgumentException("A claim's figures must be above zero.", nameof(claim));
        }

        if (claim.Low > (claim.Base ?? claim.High) || (claim.Base ?? claim.Low) > claim.High)
        {
            throw new ArgumentException("A claim's range must be ordered: low ≤ base ≤ high.", nameof(claim));
        }

        if (claim.To < claim.From)
        {
            throw new ArgumentException("A claim's period ends before it starts.", nameof(claim));
        }
    }

    // Within [low, high] (or the tolerance band around a base without a range): consistent. Otherwise the factor by
    // which the measurement is beyond the nearer end the claim states (its high or low; its base when it has no range).
    private static (ClaimVerdict Verdict, decimal? Factor) Compare(ClaimInput claim, decimal measured)
    {
        var hasRange = claim.Low is not null || claim.High is not null;
        var low = claim.Low ?? (hasRange ? claim.Base!.Value : claim.Base!.Value / ToleranceFactor);
        var high = claim.High ?? (hasRange ? claim.Base!.Value : claim.Base!.Value * ToleranceFactor);
        if (measured >= low && measured <= high)
        {
            return (ClaimVerdict.Consistent, null);
        }

        if (measured > high)
        {
            return (ClaimVerdict.MeasuresMore, measured / (claim.High ?? claim.Base!.Value));
        }

        return (ClaimVerdict.MeasuresLess, measured <= 0 ? null : (claim.Low ?? claim.Base!.Value) / measured);
    }

    private static string Words(ClaimInput claim, ClaimVerdict verdict, decimal? factor, decimal measured) => verdict switch
    {
        ClaimVerdict.Consistent when claim.Low is not null || claim.High is not null => "consistent within the claim's range",
        ClaimVerdict.Consistent => "consistent within 10% of the claim",
        ClaimVerdict.MeasuresMore => $"TaoLens measures {FactorText(factor!.Value)}× more",
        ClaimVerdict.MeasuresLess when factor is { } f => $"TaoLens measures {FactorText(f)}× less",
        ClaimVerdict.MeasuresLess => $"TaoLens measures {measured.ToString(CultureInfo.InvariantCulture)}",
        _ => verdict.ToString(),
    };

    /// <summary>A factor as the verdict says it: one decimal, two below 1.1 so a near miss does not read "1.0×".</summary>
    public static string FactorText(decimal factor) =>
        factor < 1.1m
            ? decimal.Round(factor, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture)
            : decimal.Round(factor, 1, MidpointRounding.AwayFromZero).ToString("#,##0.0", CultureInfo.InvariantCulture);
}

/// <summary>Which engine series measures each claim (docs/metrics.md, "Claims check").</summary>
public static class ClaimMeasurements
{
    /// <summary>
    /// TaoLens's daily figure for the claim's quantity and subject over the result's days; empty when the subnet has no
    /// series. A subnet's revenue on a day when the engine's figure is the claim itself counts as no revenue data.
    /// </summary>
    public static IEnumerable<(DateOnly Day, Metric Value)> Days(ClaimInput claim, ValuationResult result)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(result);
        if (claim.IsGroupClaim)
        {
            return [];
        }

        if (claim.Netuid is not { } netuid)
        {
            var n = result.Network;
            return Of(claim.Quantity switch
            {
                ClaimQuantity.AnnualSubsidyUsd => n.TaoSide.AnnualisedUsd,
                ClaimQuantity.ExternalRevenueUsd => n.KnownRevenueUsd,
                ClaimQuantity.MarketCapUsd => n.TaoMarketCapUsd,
                ClaimQuantity.FullyDilutedUsd => n.TaoFullyDilutedUsd,
                ClaimQuantity.SubsidyToRevenue => n.TaoSide.SubsidyToRevenue,
                ClaimQuantity.MarketCapToRevenue => n.MarketCapToRevenue,
                _ => throw new ArgumentOutOfRangeException(nameof(claim), claim.Quantity, "Unknown claim quantity."),
            });
        }

        if (result.Subnet(netuid) is not { } s)
        {
            return [];
        }

        return claim.Quantity switch
        {
            ClaimQuantity.AnnualSubsidyUsd => Of(s.TaoSide.AnnualisedUsd),
            ClaimQuantity.ExternalRevenueUsd => OtherThan(s.Revenue, claim.RevenueEntryId),
            ClaimQuantity.MarketCapUsd => Of(s.MarketCapUsd),
            ClaimQuantity.FullyDilutedUsd => Of(s.FullyDilutedUsd),
            ClaimQuantity.SubsidyToRevenue => Of(s.TaoSide.SubsidyToRevenue),
            ClaimQuantity.MarketCapToRevenue => Of(s.PriceToSales),
            _ => throw new ArgumentOutOfRangeException(nameof(claim), claim.Quantity, "Unknown claim quantity."),
        };
    }

    private static IEnumerable<(DateOnly Day, Metric Value)> Of(MetricSeries series) =>
        series.Select((value, i) => (series.DayAt(i), value));

    // A revenue claim is a ledger entry: where the engine's figure rests on that very entry, comparing would be circular.
    private static IEnumerable<(DateOnly Day, Metric Value)> OtherThan(RevenueSeries revenue, long? entryId)
    {
        for (var i = 0; i < revenue.Count; i++)
        {
            var resolved = revenue[i];
            var day = revenue.Annualised.DayAt(i);
            yield return entryId is not null && resolved.EntryId == entryId
                ? (day, Metric.Missing(MissingReason.NoRevenueData))
                : (day, resolved.Annualised);
        }
    }
}
