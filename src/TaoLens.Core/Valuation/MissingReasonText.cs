namespace TaoLens.Core.Valuation;

/// <summary>The words pages and exports show for a missing figure ("n/a (reason)") and for a figure's notes.</summary>
public static class MissingReasonText
{
    public static string Describe(this MissingReason reason) => reason switch
    {
        MissingReason.None => "",
        MissingReason.NoSnapshot => "no snapshot for that day",
        MissingReason.NoEmissionData => "no emission data",
        MissingReason.NoPrice => "no price for that day",
        MissingReason.NoPoolData => "no pool data",
        MissingReason.NoMarketData => "no TAO market data",
        MissingReason.WindowIncomplete => "too few days in the window",
        MissingReason.NoRevenueData => "no revenue data",
        MissingReason.StaleRevenue => "revenue data is stale",
        MissingReason.DivisionByZero => "division by zero",
        MissingReason.SupplyExhausted => "supply exhausted",
        MissingReason.Unset => "not computed",
        MissingReason.InvalidInput => "invalid input data",
        MissingReason.OutOfRange => "too large to show",
        _ => reason.ToString(),
    };

    /// <summary>The words pages show for a note (docs/metrics.md, "Notes"); one note at a time.</summary>
    public static string Describe(this MetricNotes note) => note switch
    {
        MetricNotes.HighUnbounded => "no upper bound: the low end of the denominator is zero",
        MetricNotes.ExcessTaoUnknown => "chain buys (excess TAO) unknown on some days: counts tao_in only",
        MetricNotes.WindowHasGaps => "the window has gaps: annualised over the days present",
        MetricNotes.SomeSubnetsMissing => "some subnets are missing from this total",
        MetricNotes.ImmaterialRevenue => "revenue is immaterial: under $1,000 a year or under a thousandth of the subsidy",
        _ => note.ToString(),
    };
}
