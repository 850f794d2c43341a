using System.Globalization;
using TaoLens.Core.Valuation;

namespace TaoLens.Web.Features.Valuation;

/// <summary>
/// A figure in words, one way for pages (<c>FigureText</c>) and mail: units USD, USD-cents, TAO, x (a multiple) or %.
/// </summary>
public static class FigureFormat
{
    private static readonly string ImmaterialRevenueCode = Figure.NoteCode(MetricNotes.ImmaterialRevenue);

    /// <summary>"$52,000,000 ($48,000,000–$56,000,000)", "over 1,000x", or "n/a (no revenue data)"; notes are not included.</summary>
    public static string Text(Figure figure, string unit)
    {
        ArgumentNullException.ThrowIfNull(figure);
        if (figure.Base is not { } value)
        {
            return $"n/a ({Describe(figure.Reason)})";
        }

        return Range(figure, value, unit) is { } range ? $"{Shown(figure, value, unit)} ({range})" : Shown(figure, value, unit);
    }

    // A multiple on immaterial revenue reads "over 1,000x" without a range: nine digits would mislead; the exact
    // value stays in the API (and in the page's title).
    public static string Shown(Figure figure, decimal value, string unit) =>
        IsOverImmaterial(figure, value, unit) ? "over 1,000x" : Value(value, unit);

    /// <summary>"low–high" when the figure is a range around its base, "low–open" whenever the high end is open.</summary>
    public static string? Range(Figure figure, decimal value, string unit)
    {
        ArgumentNullException.ThrowIfNull(figure);
        return IsOverImmaterial(figure, value, unit) ? null
            : figure.Low is { } low && figure.High is { } high && (low != value || high != value) ? $"{Value(low, unit)}–{Value(high, unit)}"
            : figure.Low is { } openLow && figure.High is null && figure.Reason is null ? $"{Value(openLow, unit)}–open"
            : null;
    }

    public static string Value(decimal value, string unit) => unit switch
    {
        "USD" => Signed(value, "$", "N0"),
        "USD-cents" => Signed(value, "$", "N2"),
        "x" => value.ToString("N1", CultureInfo.InvariantCulture) + "x",
        "%" => value.ToString("N1", CultureInfo.InvariantCulture) + "%",
        _ => value.ToString("N2", CultureInfo.InvariantCulture),
    };

    /// <summary>A change in words: "+$4,000,000 (+8.3%)", "−0.5x (−2.0%)", or "n/a (reason)"; "no change" when it is zero.</summary>
    public static string Change(Figure amount, Figure percent, string unit)
    {
        ArgumentNullException.ThrowIfNull(amount);
        ArgumentNullException.ThrowIfNull(percent);
        if (amount.Base is not { } value)
        {
            return $"n/a ({Describe(amount.Reason)})";
        }

        if (value == 0m)
        {
            return "no change";
        }

        var text = (value > 0m ? "+" : "−") + Value(Math.Abs(value), unit);
        return percent.Base is { } p
            ? $"{text} ({(p >= 0m ? "+" : "−")}{Math.Abs(p).ToString("N1", CultureInfo.InvariantCulture)}%)"
            : text;
    }

    /// <summary>A missing figure's reason code in words.</summary>
    public static string Describe(string? code) =>
        Enum.TryParse<MissingReason>(code, ignoreCase: true, out var reason) ? reason.Describe() : code ?? "missing";

    private static string Signed(decimal value, string symbol, string format) =>
        value < 0m ? "−" + symbol + (-value).ToString(format, CultureInfo.InvariantCulture) : symbol + value.ToString(format, CultureInfo.InvariantCulture);

    private static bool IsOverImmaterial(Figure figure, decimal value, string unit) =>
        unit == "x" && value > Multiples.ImmaterialMultiple && figure.Notes.Contains(ImmaterialRevenueCode);
}
