namespace TaoLens.Core.Valuation;

/// <summary>Which subsidy series a figure uses (docs/metrics.md, "Subsidy"). The TAO side is the default.</summary>
public enum SubsidySide
{
    /// <summary>TAO the chain injects into the subnet: tao_in_emission + excess TAO, at the TAO price.</summary>
    TaoSide,

    /// <summary>Value of the alpha paid to participants: alpha_out_emission × alpha price × TAO price.</summary>
    AlphaSide,
}

/// <summary>Settings of the valuation engine. Every figure states the window it used; pages show it.</summary>
public sealed record ValuationOptions
{
    public const int DefaultWindowDays = 30;

    /// <summary>The windows pages offer: 1 is the run-rate (the latest day × 365).</summary>
    public static IReadOnlyList<int> StandardWindows { get; } = [1, 7, 30, 90];

    public static ValuationOptions Default { get; } = new();

    /// <summary>Trailing annualisation window in days (1, 7, 30 or 90 on pages; any 1–366 accepted).</summary>
    public int WindowDays { get; init; } = DefaultWindowDays;

    /// <summary>Share of window days that must have data; fewer gives <see cref="MissingReason.WindowIncomplete"/>.</summary>
    public decimal MinimumWindowCoverage { get; init; } = 0.8m;

    /// <summary>A revenue figure whose as-of date is more than this many days before the day asked about is stale.</summary>
    public int StaleAfterDays { get; init; } = 180;

    /// <summary>N in "revenue growth needed to cover the subsidy within N years".</summary>
    public int CoverageHorizonYears { get; init; } = 3;

    /// <summary>A what-if TAO price range in USD used instead of each day's price (a price-side range input); null uses the day's price.</summary>
    public Range3? TaoPriceUsdOverride { get; init; }

    /// <summary>
    /// Threads the engine may use: -1 (default) uses every core, 1 computes on the calling thread.
    /// Results are identical either way: network sums are always added in netuid order.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Days with data a window needs: ceiling(window × minimum coverage), at least 1.</summary>
    public int RequiredDaysInWindow => Math.Max(1, (int)Math.Ceiling(WindowDays * MinimumWindowCoverage));

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowDays, 1, nameof(WindowDays));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(WindowDays, 366, nameof(WindowDays));
        if (MinimumWindowCoverage is <= 0m or > 1m)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumWindowCoverage), MinimumWindowCoverage, "Must be in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(StaleAfterDays, nameof(StaleAfterDays));
        ArgumentOutOfRangeException.ThrowIfLessThan(CoverageHorizonYears, 1, nameof(CoverageHorizonYears));
        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Use -1 (all cores) or a positive number.");
        }

        if (TaoPriceUsdOverride is { Low: <= 0m })
        {
            throw new ArgumentOutOfRangeException(nameof(TaoPriceUsdOverride), TaoPriceUsdOverride, "Prices are positive.");
        }
    }
}
