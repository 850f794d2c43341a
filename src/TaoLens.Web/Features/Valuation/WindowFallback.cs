using TaoLens.Core.Valuation;

namespace TaoLens.Web.Features.Valuation;

/// <summary>
/// The figures of the longest shorter window that has them, given beside the strict figures when the asked window
/// is not covered yet (docs/metrics.md, "Fallback window"). <see cref="RequiredDays"/> is what the asked window needs.
/// </summary>
public sealed record WindowFallback(int WindowDays, int AskedWindowDays, int RequiredDays, Figure AnnualisedSubsidyUsd, Figure SubsidyToRevenue)
{
    /// <summary>How a page labels the figures, e.g. "7-day run-rate; the 30-day window needs 24 days of data".</summary>
    public string Label => Describe(WindowDays, AskedWindowDays, RequiredDays);

    public static string Describe(int windowDays, int askedWindowDays, int requiredDays) =>
        $"{windowDays}-day run-rate; the {askedWindowDays}-day window needs {requiredDays} days of data";

    /// <summary>
    /// The fallback for a figure of <paramref name="latest"/> that is <c>windowIncomplete</c>: the same figures from
    /// the longest shorter window where the subsidy has a value; null when the strict figure stands or nothing covers.
    /// </summary>
    public static WindowFallback? For(LatestValuation latest, Metric strict, Func<ValuationResult, DateOnly, (Metric Subsidy, Metric Ratio)?> pick)
    {
        ArgumentNullException.ThrowIfNull(latest);
        ArgumentNullException.ThrowIfNull(pick);
        if (strict.Reason != MissingReason.WindowIncomplete || latest.AsOf is not { } asOf)
        {
            return null;
        }

        foreach (var shorter in latest.Shorter)
        {
            if (pick(shorter, asOf) is { Subsidy.HasValue: true } figures)
            {
                return new WindowFallback(shorter.Options.WindowDays, latest.Options.WindowDays, latest.Options.RequiredDaysInWindow,
                    Figure.From(figures.Subsidy), Figure.From(figures.Ratio));
            }
        }

        return null;
    }
}
