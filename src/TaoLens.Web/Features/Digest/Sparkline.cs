namespace TaoLens.Web.Features.Digest;

/// <summary>
/// A trend as text, one block character per day from lowest (▁) to highest (█) of the days shown, and a middle dot
/// for a day without a value. Text renders in every mail client, without scripts, SVG or images.
/// </summary>
public static class Sparkline
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    public static string Of(IReadOnlyList<decimal?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var present = values.OfType<decimal>().ToList();
        if (present.Count == 0)
        {
            return "";
        }

        var (min, max) = (present.Min(), present.Max());
        return string.Concat(values.Select(v => v is not { } value ? '·'
            // A flat line sits in the middle rather than on the floor, so it does not read as a fall to zero.
            : max == min ? Blocks[Blocks.Length / 2 - 1]
            : Blocks[(int)Math.Round((value - min) / (max - min) * (Blocks.Length - 1), MidpointRounding.AwayFromZero)]));
    }
}
