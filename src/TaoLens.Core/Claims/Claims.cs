using TaoLens.Core.Valuation;

namespace TaoLens.Core.Claims;

/// <summary>What a published figure states (docs/metrics.md, "Claims check"). Stored by name: never rename a member.</summary>
public enum ClaimQuantity
{
    /// <summary>Annual subsidy (emissions received), USD per year; TaoLens compares the TAO side.</summary>
    AnnualSubsidyUsd,

    /// <summary>External (user-paid) revenue, USD per year.</summary>
    ExternalRevenueUsd,

    /// <summary>Market cap, USD: TAO's for the network, the alpha's for a subnet.</summary>
    MarketCapUsd,

    /// <summary>Fully diluted value, USD: TAO's for the network, the alpha's for a subnet.</summary>
    FullyDilutedUsd,

    /// <summary>Annual subsidy over annual external revenue, a multiple (x).</summary>
    SubsidyToRevenue,

    /// <summary>Market cap over annual external revenue, a multiple (x).</summary>
    MarketCapToRevenue,
}

/// <summary>
/// One published figure to check. <see cref="From"/>–<see cref="To"/> are the UTC days it speaks for (one day for an
/// as-of figure, the covered days of a period). <see cref="Netuid"/> null with no <see cref="CoversNetuids"/> is the
/// network; a group claim (revenue of several subnets together) names its subnets and is not measured.
/// <see cref="Base"/> may be null only when <see cref="Low"/> and <see cref="High"/> are both given.
/// <see cref="RevenueEntryId"/> is the ledger entry a revenue claim is, so it is never measured against itself.
/// </summary>
public sealed record ClaimInput(ClaimQuantity Quantity, int? Netuid, DateOnly From, DateOnly To, decimal? Base, decimal? Low, decimal? High)
{
    public long? RevenueEntryId { get; init; }

    public IReadOnlyList<int> CoversNetuids { get; init; } = [];

    public bool IsGroupClaim => Netuid is null && CoversNetuids.Count > 0;
}

/// <summary>How a claim compares with TaoLens's measurement.</summary>
public enum ClaimVerdict
{
    /// <summary>The measurement is within the claim's range, or within the tolerance of a claim without one.</summary>
    Consistent,

    /// <summary>TaoLens measures more than the claim's range (or its tolerance).</summary>
    MeasuresMore,

    /// <summary>TaoLens measures less than the claim's range (or its tolerance).</summary>
    MeasuresLess,

    /// <summary>No day within <see cref="ClaimsCheck.MaxGapDays"/> days of the claim has the figure.</summary>
    NoData,

    /// <summary>TaoLens has no measurement of this kind for this subject (a group of subnets).</summary>
    NotMeasured,
}

/// <summary>TaoLens's figure used for a claim: the day it is for, how many days that is from the claim's dates, and the figure.</summary>
public sealed record ClaimMeasurement(DateOnly Day, int GapDays, Metric Value);

/// <summary>
/// The check of one claim: the measurement (null when none is within reach), measured ÷ claimed as a range
/// (measured over the claim's high, base and low), the verdict, the factor the verdict states, and the verdict in words.
/// </summary>
public sealed record ClaimCheckResult(ClaimMeasurement? Measurement, Metric Ratio, ClaimVerdict Verdict, decimal? Factor, string Words)
{
    /// <summary>When there is no measurement: why (the nearest day's reason, or no day within reach).</summary>
    public MissingReason MissingReason { get; init; }
}
