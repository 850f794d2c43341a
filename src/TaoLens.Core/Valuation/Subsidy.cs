using TaoLens.Core.Chain;

namespace TaoLens.Core.Valuation;

/// <summary>The alpha side split among participants: owner 18%, miners and validators 41% each.</summary>
public readonly record struct AlphaSplit(Metric Owner, Metric Miners, Metric Validators);

/// <summary>
/// Protocol subsidy per subnet-day, both sides (docs/metrics.md, "Subsidy, TAO side" and "Subsidy, alpha side").
/// Daily figures are carried to 9 decimal places (a rao for TAO, a billionth of a dollar for USD; rounded half
/// to even) so that window sums are exact and do not depend on the order they are added in.
/// </summary>
public static class Subsidy
{
    /// <summary>Subnet owner's cut of alpha_out_emission (chain: SubtensorInitialSubnetOwnerCut 11,796/65,535 ≈ 18%).</summary>
    public const decimal OwnerShare = 0.18m;

    /// <summary>Miners' half of the remainder after the owner cut.</summary>
    public const decimal MinersShare = 0.41m;

    /// <summary>Validators' half of the remainder (root dividends are paid out of this half).</summary>
    public const decimal ValidatorsShare = 0.41m;

    // 7,200 blocks a day over 1e9 rao per TAO: rao per block → TAO per day in one multiplication.
    private const decimal TaoPerDayPerRaoPerBlock = ChainUnits.BlocksPerDay / (decimal)ChainUnits.RaoPerTao;

    /// <summary>
    /// TAO side in TAO per day: (tao_in_emission + excess TAO) per block × 7,200 / 1e9. When the day has no
    /// excess TAO figure the value counts tao_in only and carries <see cref="MetricNotes.ExcessTaoUnknown"/>.
    /// </summary>
    public static Metric TaoSideTaoPerDay(SubnetDay? day)
    {
        if (day is null)
        {
            return Metric.Missing(MissingReason.NoSnapshot);
        }

        if (day.TaoInEmissionRao is not { } taoIn)
        {
            return Metric.Missing(MissingReason.NoEmissionData);
        }

        if (NanoUnits.BelowZero(taoIn) || NanoUnits.BelowZero(day.ExcessTaoRao))
        {
            return Metric.Missing(MissingReason.InvalidInput);
        }

        var notes = day.ExcessTaoRao is null ? MetricNotes.ExcessTaoUnknown : MetricNotes.None;
        var perBlock = taoIn + (day.ExcessTaoRao ?? 0m);
        var perDay = NanoUnits.Carry(perBlock * TaoPerDayPerRaoPerBlock);
        return perDay > NanoUnits.MaxDailyAmount ? Metric.Missing(MissingReason.OutOfRange) : Metric.Point(perDay, notes);
    }

    /// <summary>TAO side in USD per day: TAO per day × the TAO price of the same day.</summary>
    public static Metric TaoSideUsdPerDay(in Metric taoPerDay, in Metric taoPriceUsd) =>
        NanoUnits.Carry(MetricMath.Multiply(taoPerDay, taoPriceUsd));

    /// <summary>Alpha side in USD per day: alpha_out_emission per block × 7,200 / 1e9 × alpha price (TAO) × TAO price (USD).</summary>
    public static Metric AlphaSideUsdPerDay(SubnetDay? day, in Metric taoPriceUsd)
    {
        if (day is null)
        {
            return Metric.Missing(MissingReason.NoSnapshot);
        }

        if (day.AlphaOutEmissionRao is not { } alphaOut)
        {
            return Metric.Missing(MissingReason.NoEmissionData);
        }

        if (day.AlphaPriceTao is not { } alphaPrice)
        {
            return Metric.Missing(MissingReason.NoPrice);
        }

        if (NanoUnits.BelowZero(alphaOut) || NanoUnits.BelowZero(alphaPrice))
        {
            return Metric.Missing(MissingReason.InvalidInput);
        }

        var taoValuePerDay = Metric.Point(alphaOut * TaoPerDayPerRaoPerBlock * alphaPrice, MetricNotes.None);
        return NanoUnits.Carry(MetricMath.Multiply(taoValuePerDay, taoPriceUsd));
    }

    /// <summary>Splits an alpha-side figure (daily or annualised) into owner, miners and validators.</summary>
    public static AlphaSplit Split(in Metric alphaSide)
    {
        // Miners and validators get the same share, so one multiplication serves both.
        var miners = MinersCut(alphaSide);
        return new AlphaSplit(OwnerCut(alphaSide), miners, miners);
    }

    /// <summary>The owner's 18% of an alpha-side figure.</summary>
    public static Metric OwnerCut(in Metric alphaSide) => MetricMath.Scale(alphaSide, OwnerShare);

    /// <summary>The miners' 41% of an alpha-side figure (the validators' is the same).</summary>
    public static Metric MinersCut(in Metric alphaSide) => MetricMath.Scale(alphaSide, MinersShare);
}
