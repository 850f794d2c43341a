using System.Globalization;
using TaoLens.Core.Valuation;

namespace TaoLens.Web.Features.Valuation;

/// <summary>
/// What a page or an API call may ask of the engine, and how it is written in a URL: the window, the subsidy side and
/// a day range. One set of rules, so a page and its API agree on what is valid.
/// </summary>
public static class ValuationParameters
{
    /// <summary>The windows offered, in days.</summary>
    public static IReadOnlyList<int> Windows => ValuationOptions.StandardWindows;

    /// <summary>
    /// The days a range may name. Far wider than any data (Bittensor started in 2021), and far enough from
    /// <see cref="DateOnly.MinValue"/>/<see cref="DateOnly.MaxValue"/> that the engine's window arithmetic cannot overflow.
    /// </summary>
    public static readonly DateOnly FirstDay = new(2000, 1, 1);

    public static readonly DateOnly LastDay = new(2100, 12, 31);

    /// <summary>Longest range one series request or chart may ask for.</summary>
    public const int MaxRangeDays = 5 * 366;

    /// <summary>The accepted days as a message says them, after "between".</summary>
    public static string DayRangeText => $"{Text(FirstDay)} and {Text(LastDay)}";

    /// <summary>The window in days when <paramref name="text"/> is one of <see cref="Windows"/>; otherwise null.</summary>
    public static int? ParseWindow(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && Windows.Contains(days) ? days : null;

    /// <summary><c>tao</c> or <c>alpha</c> (any case) as a side; anything else is null.</summary>
    public static SubsidySide? ParseSide(string? side) =>
        string.Equals(side, "tao", StringComparison.OrdinalIgnoreCase) ? SubsidySide.TaoSide
        : string.Equals(side, "alpha", StringComparison.OrdinalIgnoreCase) ? SubsidySide.AlphaSide
        : null;

    /// <summary>The URL value of a side: <c>tao</c> or <c>alpha</c>.</summary>
    public static string SideText(SubsidySide side) => side == SubsidySide.AlphaSide ? "alpha" : "tao";

    /// <summary>How pages name a side in prose: <c>TAO side</c> or <c>alpha side</c>.</summary>
    public static string SideName(SubsidySide side) => side == SubsidySide.AlphaSide ? "alpha side" : "TAO side";

    /// <summary>
    /// A day written YYYY-MM-DD within <see cref="FirstDay"/>..<see cref="LastDay"/>; otherwise false and what is
    /// wrong with it, naming <paramref name="parameter"/>.
    /// </summary>
    public static bool TryParseDay(string? text, string parameter, out DateOnly day, out string? error)
    {
        error = null;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            error = $"{parameter} must be a date written YYYY-MM-DD.";
            return false;
        }

        if (day < FirstDay || day > LastDay)
        {
            error = $"{parameter} must be between {DayRangeText}; got {Text(day)}.";
            return false;
        }

        return true;
    }

    /// <summary>A day as URLs and captions write it: YYYY-MM-DD.</summary>
    public static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
