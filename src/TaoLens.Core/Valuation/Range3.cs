namespace TaoLens.Core.Valuation;

/// <summary>An ordered low/base/high triple of plain numbers, used for range inputs (e.g. a TAO price range).</summary>
public readonly record struct Range3
{
    public Range3(decimal low, decimal @base, decimal high)
    {
        if (low > @base || @base > high)
        {
            throw new ArgumentException($"Range must be ordered: {low} ≤ {@base} ≤ {high}.", nameof(@base));
        }

        Low = low;
        Base = @base;
        High = high;
    }

    public decimal Low { get; }

    public decimal Base { get; }

    public decimal High { get; }

    public bool IsPoint => Low == High;

    public static Range3 Point(decimal value) => new(value, value, value);
}
