namespace TaoLens.Web.Features.Charts;

/// <summary>
/// One line on a chart: a subnet's engine series by its <see cref="Subnets.SubnetMetrics"/> name. The label is
/// trusted text (Plotly renders markup in names), so it never carries a subnet's name. With <paramref name="Band"/>
/// the line's low–high range is shaded behind it; with <paramref name="SecondaryAxis"/> it uses the right-hand axis.
/// </summary>
public sealed record ChartLine(int Netuid, string Metric, string Label, bool Band = false, bool SecondaryAxis = false)
{
    /// <summary>The line's unit, from its metric.</summary>
    public string Unit => Subnets.SubnetMetrics.Unit(Metric);
}

/// <summary>
/// What one chart draws; plain data so it can cross into the interactive render mode. <paramref name="Note"/>
/// adds a sentence to the caption (e.g. what the window applies to).
/// </summary>
public sealed record ChartRequest(string Id, string Title, string From, string To, int WindowDays, IReadOnlyList<ChartLine> Lines, string? Note = null);

/// <summary>
/// A chart's date range from the URL: up to the latest day with data, 90 days by default but not before the first
/// day the subnets have data (so a short history fills the chart); a bad range falls back to the default and says why.
/// </summary>
public static class ChartRange
{
    public const int DefaultDays = 90;

    public static (string From, string To) Resolve(string? from, string? to, DateOnly asOf, DateOnly? firstDay = null) =>
        Resolve(from, to, asOf, firstDay, out _);

    /// <summary>The range to draw; <paramref name="problem"/> says what was wrong with the one asked for, if anything.</summary>
    public static (string From, string To) Resolve(string? from, string? to, DateOnly asOf, DateOnly? firstDay, out string? problem)
    {
        var problems = new List<string>();
        var askedFrom = Asked(from, "from", problems);
        var end = Asked(to, "to", problems) ?? asOf;
        var start = askedFrom ?? DefaultStart(end, firstDay);
        if (start > end)
        {
            problems.Add($"from ({Text(start)}) is after to ({Text(end)})");
        }
        else if (end.DayNumber - start.DayNumber >= Valuation.ValuationParameters.MaxRangeDays)
        {
            problems.Add($"a range may span at most {Valuation.ValuationParameters.MaxRangeDays} days");
        }

        problem = problems.Count == 0 ? null : $"{Capitalise(string.Join("; ", problems))}. Showing the default range instead.";
        if (start > end || end.DayNumber - start.DayNumber >= Valuation.ValuationParameters.MaxRangeDays)
        {
            (start, end) = (DefaultStart(asOf, firstDay), asOf);
        }

        return (Text(start), Text(end));
    }

    // A day the URL names, or null when it names none or a bad one (noted in problems).
    private static DateOnly? Asked(string? text, string parameter, List<string> problems)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (Valuation.ValuationParameters.TryParseDay(text, parameter, out var day, out var error))
        {
            return day;
        }

        problems.Add(error!.TrimEnd('.'));
        return null;
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static DateOnly DefaultStart(DateOnly end, DateOnly? firstDay)
    {
        var start = end.AddDays(1 - DefaultDays);
        return firstDay is { } first && first > start && first <= end ? first : start;
    }

    internal static string Text(DateOnly day) => Valuation.ValuationParameters.Text(day);

    internal static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day) ? day : null;
}
