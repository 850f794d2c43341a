namespace TaoLens.Core.Valuation;

/// <summary>The words pages and exports show for a missing figure: "n/a (reason)".</summary>
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
        _ => reason.ToString(),
    };
}
