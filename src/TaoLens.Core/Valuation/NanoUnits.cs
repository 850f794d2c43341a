namespace TaoLens.Core.Valuation;

/// <summary>
/// Amounts carried to 9 decimal places (a rao for TAO, 1e-9 USD for money) as whole integers of 1e-9.
/// Window sums are kept this way: integer sums are exact and fast, and annualising is one integer division
/// with round-half-to-even, the same rounding as <see cref="decimal.Round(decimal, int)"/>.
/// </summary>
internal static class NanoUnits
{
    public const int Decimals = 9;

    // Largest value whose product with the largest multiplier used (a leap year's days, or 100) fits 64 bits.
    private const int MaxMultiplier = 366;
    private const ulong MaxUnsignedFactor = ulong.MaxValue / MaxMultiplier;

    private static readonly Int128[] PowersOfTen = BuildPowersOfTen();

    /// <summary>
    /// Daily amounts above this (1e17) are out of range: a window of them, annualised, must still fit a decimal
    /// with 9 decimal places (about 7.9e19). No real subnet comes near it; absurd inputs fail their figure only.
    /// </summary>
    public const decimal MaxDailyAmount = 100_000_000_000_000_000m;

    /// <summary>
    /// The same as <c>value &lt; 0m</c>, but a sign-bit test for the usual non-negative value instead of a decimal
    /// comparison: inputs are checked on every subnet-day (measured in the valuation benchmark). Negative zero is not below zero.
    /// </summary>
    public static bool BelowZero(decimal value) => decimal.IsNegative(value) && value != 0m;

    /// <inheritdoc cref="BelowZero(decimal)"/>
    public static bool BelowZero(decimal? value) => value is { } v && BelowZero(v);

    /// <summary>Rounds half to even to 9 decimal places: how every daily amount is carried.</summary>
    public static decimal Carry(decimal value) => decimal.Round(value, Decimals);

    /// <summary>A daily figure carried to 9 decimal places, or <see cref="MissingReason.OutOfRange"/> above <see cref="MaxDailyAmount"/>.</summary>
    public static Metric Carry(in Metric value)
    {
        if (!value.HasValue)
        {
            return value;
        }

        if (value.BaseValue > MaxDailyAmount || (!value.IsHighUnbounded && value.HighValue > MaxDailyAmount))
        {
            return Metric.Missing(MissingReason.OutOfRange);
        }

        if (!value.IsRange)
        {
            return Metric.Point(Carry(value.BaseValue), value.Notes);
        }

        return value.IsHighUnbounded
            ? Metric.Unbounded(Carry(value.LowValue), Carry(value.BaseValue), value.Notes)
            : Metric.Ranged(Carry(value.LowValue), Carry(value.BaseValue), Carry(value.HighValue), value.Notes);
    }

    /// <summary>The value in units of 1e-9, rounding half to even first if it has more than 9 decimals.</summary>
    public static Int128 From(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        if (scale > Decimals)
        {
            decimal.GetBits(decimal.Round(value, Decimals), bits);
            scale = (bits[3] >> 16) & 0xFF;
        }

        var mantissa = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        mantissa *= PowersOfTen[Decimals - scale];
        return bits[3] < 0 ? -mantissa : mantissa;
    }

    /// <summary>Units of 1e-9 back to a decimal with 9 decimal places.</summary>
    public static decimal ToDecimal(Int128 units)
    {
        var negative = units < 0;
        var magnitude = (UInt128)(negative ? -units : units);
        if (magnitude >> 96 != 0)
        {
            throw new OverflowException("The amount is beyond decimal's range.");
        }

        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, Decimals);
    }

    /// <summary>units × multiplier / divisor, rounded half to even; multiplier and divisor are positive.</summary>
    public static Int128 MultiplyDivide(Int128 units, int multiplier, Int128 divisor)
    {
        // Most values fit 64 bits, where the hardware divides; the 128-bit path is the general case.
        if (units >= 0 && units <= MaxUnsignedFactor && multiplier is > 0 and <= MaxMultiplier && divisor <= ulong.MaxValue)
        {
            var small = (ulong)units * (ulong)multiplier;
            var (q, r) = Math.DivRem(small, (ulong)divisor);
            var twice = r * 2;
            return twice > (ulong)divisor || (twice == (ulong)divisor && (q & 1) == 1) ? q + 1 : q;
        }

        var product = units * multiplier;
        var quotient = Int128.DivRem(product, divisor);
        var remainder = Int128.Abs(quotient.Remainder) * 2;
        if (remainder > divisor || (remainder == divisor && !Int128.IsEvenInteger(quotient.Quotient)))
        {
            return product < 0 ? quotient.Quotient - 1 : quotient.Quotient + 1;
        }

        return quotient.Quotient;
    }

    /// <summary>
    /// numerator / denominator rounded half to even to 2 decimal places, for estimates such as days until a halving.
    /// Both are carried to 9 decimals first; false when the carried denominator is not positive.
    /// </summary>
    public static bool TryDivideToHundredths(decimal numerator, decimal denominator, out decimal quotient)
    {
        var divisor = From(denominator);
        if (divisor <= 0)
        {
            quotient = 0m;
            return false;
        }

        var units = MultiplyDivide(From(numerator), 100, divisor);
        var negative = units < 0;
        var magnitude = (UInt128)(negative ? -units : units);
        quotient = new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, 2);
        return true;
    }

    private static Int128[] BuildPowersOfTen()
    {
        var powers = new Int128[Decimals + 1];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
