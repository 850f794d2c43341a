namespace TaoLens.Core.Chain;

/// <summary>Fixed units of the Subtensor chain (docs/metrics.md, "Units").</summary>
public static class ChainUnits
{
    /// <summary>1 TAO = 1e9 rao; alpha uses the same 9 decimals.</summary>
    public const long RaoPerTao = 1_000_000_000;

    /// <summary>12-second blocks: 7,200 a day.</summary>
    public const int BlocksPerDay = 7_200;

    public const int DaysPerYear = 365;

    /// <summary>TAO's hard cap, 21M TAO.</summary>
    public const long MaxSupplyTao = 21_000_000;

    public static decimal RaoToTao(long rao) => rao / (decimal)RaoPerTao;

    /// <summary>Rounds half away from zero to whole rao; chain amounts are integers.</summary>
    public static long TaoToRao(decimal tao) => (long)decimal.Round(tao * RaoPerTao, MidpointRounding.AwayFromZero);

    /// <summary>A per-block amount in rao as TAO per day.</summary>
    public static decimal TaoPerDay(long raoPerBlock) => RaoToTao(raoPerBlock) * BlocksPerDay;
}
