namespace TaoLens.Core.Valuation;

// The engine's inputs: plain records a storage layer fills. Chain amounts are integer rao (1e-9 TAO) or
// 1e-9 alpha; money is USD decimal; instants are UTC. A null field is one the source did not give.

/// <summary>One subnet's emission and pool state at one moment, from one source.</summary>
public sealed record SubnetSnapshotInput(int Netuid, DateTimeOffset ObservedAt, string Source)
{
    /// <summary>TAO injected into the pool per block (<c>tao_in_emission</c>), rao.</summary>
    public long? TaoInEmissionRao { get; init; }

    /// <summary>Excess TAO spent on chain buys per block (<c>SubnetExcessTao</c>), rao; unknown before mid-2026.</summary>
    public long? ExcessTaoRao { get; init; }

    /// <summary>Alpha paid to participants per block (<c>alpha_out_emission</c>), 1e-9 alpha.</summary>
    public long? AlphaOutEmissionRao { get; init; }

    /// <summary>Alpha injected into the pool per block (<c>alpha_in_emission</c>), 1e-9 alpha.</summary>
    public long? AlphaInEmissionRao { get; init; }

    public long? AlphaInPoolRao { get; init; }

    public long? AlphaOutstandingRao { get; init; }

    public long? TaoInPoolRao { get; init; }

    /// <summary>Alpha price in TAO.</summary>
    public decimal? AlphaPriceTao { get; init; }

    public decimal? MovingPriceTao { get; init; }

    /// <summary>The chain's registration block of the subnet on this netuid (DynamicInfo <c>network_registered_at</c>).</summary>
    public long? RegistrationBlock { get; init; }
}

/// <summary>TAO's market at one moment, from one source. Money in USD, supplies in TAO.</summary>
public sealed record TaoMarketSnapshotInput(DateTimeOffset ObservedAt, string Source, decimal PriceUsd)
{
    public decimal? MarketCapUsd { get; init; }

    public decimal? CirculatingSupply { get; init; }

    /// <summary>TAO issued so far; the halving schedule runs on it.</summary>
    public decimal? TotalSupply { get; init; }

    public decimal? MaxSupply { get; init; }

    public decimal? FullyDilutedValuationUsd { get; init; }

    public decimal? Volume24hUsd { get; init; }
}

/// <summary>How a ledger entry states revenue. Stored by name (<c>revenue_entries.kind</c>): never rename a member.</summary>
public enum RevenueEntryKind
{
    /// <summary>Revenue realised over [PeriodStart, PeriodEnd).</summary>
    Realised,

    /// <summary>An annualised run-rate (ARR) as of a date.</summary>
    RunRate,
}

/// <summary>Who stands behind a revenue figure. Stored by name (<c>revenue_entries.source_kind</c>): never rename a member.</summary>
public enum RevenueSourceType
{
    Audited,
    SelfReported,
    ThirdParty,
    OnChain,
    AnalystEstimate,
}

/// <summary>
/// One entry of the curated revenue ledger. Realised: USD over [PeriodStart, PeriodEnd) (UTC midnights,
/// end exclusive). Run-rate: USD per year as of <see cref="AsOf"/>. <see cref="AmountUsd"/> may be null only
/// when both <see cref="LowUsd"/> and <see cref="HighUsd"/> are given. <see cref="Netuid"/> null is a claim about
/// the whole network, unless <see cref="CoversNetuids"/> names the subnets of a group claim, which is neither a
/// subnet's nor the network's figure. An entry with <see cref="CorrectsId"/> replaces the entry it names.
/// </summary>
public sealed record RevenueEntryInput(long Id, int? Netuid, RevenueEntryKind Kind, RevenueSourceType SourceType)
{
    public DateTimeOffset? PeriodStart { get; init; }

    public DateTimeOffset? PeriodEnd { get; init; }

    public DateTimeOffset? AsOf { get; init; }

    public decimal? AmountUsd { get; init; }

    public decimal? LowUsd { get; init; }

    public decimal? HighUsd { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    public long? CorrectsId { get; init; }

    /// <summary>An editor disputes the figure: it is shown but does not count, unless <see cref="UseAnyway"/>.</summary>
    public bool Disputed { get; init; }

    /// <summary>An editor said to use the disputed figure anyway.</summary>
    public bool UseAnyway { get; init; }

    /// <summary>Whether a dispute keeps the entry out of the multiples.</summary>
    public bool IsSetAside => Disputed && !UseAnyway;

    /// <summary>Who published the figure; breaks ties between claims of the same day, publication and amount.</summary>
    public string SourceName { get; init; } = "";

    /// <summary>The subnets a group claim covers (two or more, <see cref="Netuid"/> null); empty for any other claim.</summary>
    public IReadOnlyList<int> CoversNetuids { get; init; } = [];

    /// <summary>A claim about a group of subnets: never a network-wide figure, and not any one subnet's.</summary>
    public bool IsGroupClaim => Netuid is null && CoversNetuids.Count > 0;
}

/// <summary>
/// One component of one subnet's revenue on one UTC day, from an automated feed (e.g. Chutes).
/// Only rows with <see cref="CountsAsExternal"/> add to external revenue; see <see cref="RevenueComponents"/>.
/// </summary>
public sealed record DailyRevenueInput(int Netuid, DateOnly Day, string Component, decimal AmountUsd, bool CountsAsExternal)
{
    /// <summary>Who reports the feed; an operator's own API is self-reported.</summary>
    public RevenueSourceType SourceType { get; init; } = RevenueSourceType.SelfReported;
}

/// <summary>Which daily revenue components are external (user-paid) revenue (docs/metrics.md, "External revenue").</summary>
public static class RevenueComponents
{
    /// <summary>Chutes: revenue from new subscriptions. External.</summary>
    public const string ChutesSubscriber = "new_subscriber_revenue";

    /// <summary>Chutes: pay-as-you-go usage. External.</summary>
    public const string ChutesPayAsYouGo = "paygo_revenue";

    /// <summary>Chutes: private-instance revenue not yet recognised. Stored, not external.</summary>
    public const string ChutesPendingInstance = "pending_instance_revenue";

    /// <summary>Chutes: inference the subnet pays for itself. Stored, not external.</summary>
    public const string ChutesSponsoredInference = "sponsored_inference";

    /// <summary>True for components that users pay for; unknown components are not external until classified.</summary>
    public static bool IsExternal(string component) =>
        component is ChutesSubscriber or ChutesPayAsYouGo;
}
