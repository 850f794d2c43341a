namespace TaoLens.Core.Valuation;

/// <summary>
/// Ratios of annualised figures (docs/metrics.md, "Subsidy-to-revenue", "Coverage", "Earnings", "Market cap to revenue").
/// A ratio's low bound is the numerator's low over the denominator's high, and its high the numerator's high over the
/// denominator's low. When both inputs are missing, the subsidy's (or market cap's) reason is reported first.
/// </summary>
public static class Multiples
{
    /// <summary>Above this subsidy-to-revenue the revenue is immaterial (<see cref="MetricNotes.ImmaterialRevenue"/>).</summary>
    public const decimal ImmaterialMultiple = 1_000m;

    /// <summary>Annualised revenue (USD) below this is immaterial (<see cref="MetricNotes.ImmaterialRevenue"/>).</summary>
    public const decimal ImmaterialRevenueUsd = 1_000m;

    /// <summary>
    /// Subsidy-to-revenue (x) = annualised subsidy / annualised external revenue. Noted
    /// <see cref="MetricNotes.ImmaterialRevenue"/> when the base is above 1,000x or the base revenue under $1,000 a year.
    /// </summary>
    public static Metric SubsidyToRevenue(in Metric annualSubsidyUsd, in Metric annualRevenueUsd)
    {
        var ratio = MetricMath.Divide(annualSubsidyUsd, annualRevenueUsd);
        return ratio.HasValue && (ratio.BaseValue > ImmaterialMultiple || annualRevenueUsd.BaseValue < ImmaterialRevenueUsd)
            ? ratio.WithNotes(MetricNotes.ImmaterialRevenue)
            : ratio;
    }

    /// <summary>Coverage (%) = annualised revenue / annualised subsidy × 100: the inverse of subsidy-to-revenue.</summary>
    public static Metric CoveragePercent(in Metric annualSubsidyUsd, in Metric annualRevenueUsd)
    {
        if (!annualSubsidyUsd.HasValue)
        {
            return Metric.Missing(annualSubsidyUsd.Reason);
        }

        // × 100 before dividing: one rounding instead of two.
        return MetricMath.Divide(MetricMath.Scale(annualRevenueUsd, 100m), annualSubsidyUsd);
    }

    /// <summary>Earnings (USD per year) = annualised revenue − annualised subsidy; negative when the subsidy is larger.</summary>
    public static Metric EarningsUsd(in Metric annualSubsidyUsd, in Metric annualRevenueUsd)
    {
        if (!annualSubsidyUsd.HasValue)
        {
            return Metric.Missing(annualSubsidyUsd.Reason);
        }

        return MetricMath.Subtract(annualRevenueUsd, annualSubsidyUsd);
    }

    /// <summary>Market-cap-to-revenue, P/S (x) = market cap (or fully diluted value) in USD / annualised revenue.</summary>
    public static Metric PriceToSales(in Metric marketCapUsd, in Metric annualRevenueUsd) =>
        MetricMath.Divide(marketCapUsd, annualRevenueUsd);
}
