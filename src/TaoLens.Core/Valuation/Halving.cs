using TaoLens.Core.Chain;

namespace TaoLens.Core.Valuation;

/// <summary>
/// The issuance schedule shared by TAO and every subnet's alpha (chain: coinbase/block_emission.rs):
/// block emission = 1 × 2^-floor(log2(1 / (1 − issued / 21M))). So 1 per block below 10.5M issued, 0.5 from
/// 10.5M to 15.75M, 0.25 from 15.75M to 18.375M, and so on. Amounts are in whole TAO (or alpha).
/// TAO passed the first threshold at block 7,103,976, 2025-12-15 13:31 UTC (<see cref="MechanismEvents.FirstHalvingBlock"/>).
/// </summary>
public static class Halving
{
    public const decimal SupplyCap = ChainUnits.MaxSupplyTao;

    /// <summary>Emission per block before any halving: 1 TAO (or 1 alpha).</summary>
    public const decimal InitialBlockEmission = 1m;

    // Enough halvings that block emission is below 1e-19 per block; the schedule is exhausted long before.
    private const int MaxHalvings = 64;

    // Thresholds[k] = issuance at which the k-th halving happens: cap × (1 − 2^-k); Emission[k] = 2^-k.
    private static readonly decimal[] Thresholds = BuildThresholds();
    private static readonly decimal[] Emissions = BuildEmissions();

    /// <summary>How many halvings the schedule has passed at this issuance (0 below 10.5M, 1 up to 15.75M, …).</summary>
    public static int HalvingsPassed(decimal issued)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(issued);
        if (issued >= SupplyCap)
        {
            throw new ArgumentOutOfRangeException(nameof(issued), issued, "Issuance has reached the supply cap.");
        }

        return Passed(issued);
    }

    /// <summary>Block emission at this issuance, in TAO (or alpha) per block.</summary>
    public static decimal BlockEmission(decimal issued) => Emissions[HalvingsPassed(issued)];

    /// <summary>The issuance at which the next halving happens: cap × (1 − 2^-(k+1)); 15.75M while 10.5M ≤ issued &lt; 15.75M.</summary>
    public static decimal NextHalvingIssuance(decimal issued) => Thresholds[HalvingsPassed(issued) + 1];

    /// <summary>Block emission and next halving issuance in one search; false once the whole supply is issued.</summary>
    internal static bool TryAt(decimal issued, out decimal blockEmission, out decimal nextHalvingIssuance)
    {
        if (issued >= SupplyCap)
        {
            blockEmission = 0m;
            nextHalvingIssuance = 0m;
            return false;
        }

        var k = Passed(issued);
        blockEmission = Emissions[k];
        nextHalvingIssuance = Thresholds[k + 1];
        return true;
    }

    // floor(log2(cap / (cap − issued))) = the number of thresholds at or below the issuance.
    private static int Passed(decimal issued)
    {
        var k = 0;
        while (k < MaxHalvings && issued >= Thresholds[k + 1])
        {
            k++;
        }

        return k;
    }

    private static decimal[] BuildThresholds()
    {
        var thresholds = new decimal[MaxHalvings + 2];
        var remaining = SupplyCap;
        for (var k = 0; k < thresholds.Length; k++)
        {
            thresholds[k] = SupplyCap - remaining;
            remaining /= 2m;
        }

        return thresholds;
    }

    private static decimal[] BuildEmissions()
    {
        var emissions = new decimal[MaxHalvings + 1];
        var emission = InitialBlockEmission;
        for (var k = 0; k < emissions.Length; k++)
        {
            emissions[k] = emission;
            emission /= 2m;
        }

        return emissions;
    }
}
