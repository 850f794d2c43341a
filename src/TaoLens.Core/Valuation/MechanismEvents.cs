using System.Collections.Immutable;

namespace TaoLens.Core.Valuation;

/// <summary>How sure a mechanism event's date is.</summary>
public enum EventDatePrecision
{
    /// <summary>The day is known.</summary>
    Exact,

    /// <summary>Within a few days: a code merge date or a reported date that live deployment may differ from.</summary>
    Approximate,

    /// <summary>Only the month is known; the date is the month's first day.</summary>
    MonthOnly,

    /// <summary>A projection (e.g. an estimated future halving), not an event that happened.</summary>
    Projected,
}

/// <summary>Which series a mechanism change moves, so charts can mark it on the right ones.</summary>
[Flags]
public enum EventEffects
{
    None = 0,
    TaoSideSubsidy = 1,
    AlphaSideSubsidy = 2,
    AlphaPrice = 4,
    EmissionShares = 8,
}

/// <summary>A change in the chain's mechanism that moves TaoLens's series.</summary>
public sealed record MechanismEvent(
    string Key,
    DateOnly Date,
    EventDatePrecision Precision,
    string Title,
    string Description,
    EventEffects Effects,
    string Source);

/// <summary>
/// The mechanism changes charts mark (docs/metrics.md, "Events"), from shared/docs/data-sources.md §1.5 and §1.7.
/// Dates marked other than <see cref="EventDatePrecision.Exact"/> are uncertain; the description says why.
/// </summary>
public static class MechanismEvents
{
    /// <summary>The block at which TAO issuance reached 10.5M and block emission fell from 1 to 0.5 TAO.</summary>
    public const long FirstHalvingBlock = 7_103_976;

    /// <summary>When <see cref="FirstHalvingBlock"/> was produced (maxim91136/bittensor-labs @d08a6f03, fetch_network.py).</summary>
    public static readonly DateTimeOffset FirstHalvingAt = new(2025, 12, 15, 13, 31, 0, TimeSpan.Zero);

    public static ImmutableArray<MechanismEvent> All { get; } =
    [
        new("dtao-launch", new DateOnly(2025, 2, 13), EventDatePrecision.Exact,
            "Dynamic TAO (dTAO) launch",
            "Each subnet gets an alpha token and a TAO/alpha pool; TAO emission is split among subnets by moving alpha price. Alpha-side subsidy starts here.",
            EventEffects.TaoSideSubsidy | EventEffects.AlphaSideSubsidy | EventEffects.AlphaPrice | EventEffects.EmissionShares,
            "subtensor @312c0be95 run_coinbase.rs; data-sources.md §1.5"),
        new("swap-v3", new DateOnly(2025, 6, 30), EventDatePrecision.Approximate,
            "Uniswap-v3-style alpha pools",
            "Alpha price becomes AlphaSqrtPrice² once a pool is initialised, instead of the reserve ratio. Main-branch merge date; live deployment may differ by days.",
            EventEffects.AlphaPrice,
            "subtensor @e9bbb6134 pallets/swap impls.rs; data-sources.md §1.5"),
        new("taoflow", new DateOnly(2025, 11, 4), EventDatePrecision.Approximate,
            "Flow-based emission shares (Taoflow)",
            "Subnet TAO shares follow the EMA of net TAO flows instead of moving price. Merge date about 2025-11-04; live date uncertain.",
            EventEffects.TaoSideSubsidy | EventEffects.EmissionShares,
            "subtensor merge 6218ecc5c (get_shares_flow); data-sources.md §1.5"),
        new("first-halving", DateOnly.FromDateTime(FirstHalvingAt.UtcDateTime), EventDatePrecision.Exact,
            "First TAO halving",
            "Block emission fell from 1 to 0.5 TAO at 10.5M TAO issued: block 7,103,976, 2025-12-15 13:31 UTC. Days before it run at 1 TAO a block, days after at 0.5.",
            EventEffects.TaoSideSubsidy,
            "maxim91136/bittensor-labs @d08a6f03 .github/scripts/fetch_network.py (MIT); taostats-docs tao-emission.md"),
        new("excess-tao-stored", new DateOnly(2026, 5, 27), EventDatePrecision.Approximate,
            "Chain buys stored per subnet; emission can be disabled",
            "SubnetExcessTao (TAO spent on chain buys) is stored, so the TAO side can include it from here; SubnetEmissionEnabled lets subnets be excluded from emission. Main-branch merge date.",
            EventEffects.TaoSideSubsidy | EventEffects.EmissionShares,
            "subtensor merge 486037ba4; data-sources.md §1.5"),
        new("alpha-in-cap-change", new DateOnly(2026, 6, 1), EventDatePrecision.MonthOnly,
            "Alpha-in cap changed",
            "Taostats docs report the alpha injection cap changed in June 2026; not confirmed in the chain snapshot read.",
            EventEffects.TaoSideSubsidy,
            "taostats-docs @35491b4 tao-emission.md; data-sources.md §1.5 [UNCERTAIN]"),
        new("balancer-pools", new DateOnly(2026, 6, 25), EventDatePrecision.Approximate,
            "Balancer-style weighted pools",
            "Alpha price becomes (w_base/w_quote) × TAO reserve / alpha reserve; AlphaSqrtPrice is removed. Main-branch merge date.",
            EventEffects.AlphaPrice | EventEffects.AlphaSideSubsidy,
            "subtensor merge 06032d518 pallets/swap balancer.rs; data-sources.md §1.5"),
        new("spec-431-emission", new DateOnly(2026, 7, 1), EventDatePrecision.MonthOnly,
            "Emission by EMA price and miner burn (spec 431)",
            "Taostats docs say chain spec 431 (July 2026) sets emission by EMA price and miner burn; not confirmed in the chain snapshot read.",
            EventEffects.TaoSideSubsidy | EventEffects.EmissionShares,
            "taostats-docs @35491b4 tao-emission.md; data-sources.md §1.5 [UNCERTAIN]"),
        new("second-halving", new DateOnly(2029, 12, 1), EventDatePrecision.Projected,
            "Second TAO halving (projected)",
            "Block emission falls from 0.5 to 0.25 TAO at 15.75M TAO issued; estimated around December 2029. Recycling delays it.",
            EventEffects.TaoSideSubsidy,
            "bittensor-halving.com estimate; data-sources.md §1.7 [UNCERTAIN]"),
    ];

    /// <summary>Events whose date falls in [from, to], in date order.</summary>
    public static IEnumerable<MechanismEvent> Between(DateOnly from, DateOnly to) =>
        All.Where(e => e.Date >= from && e.Date <= to);
}
