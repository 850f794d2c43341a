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
/// day the subnets have data (so a short history fills the chart); a bad range falls back to the default.
/// </summary>
public static class ChartRange
{
    public const int DefaultDays = 90;

    public static (string From, string To) Resolve(string? from, string? to, DateOnly asOf, DateOnly? firstDay = null)
    {
        var end = Day(to) ?? asOf;
        var start = Day(from) ?? DefaultStart(end, firstDay);
        if (start > end || end.DayNumber - start.DayNumber >= Subnets.SubnetDetailEndpoints.MaxRangeDays)
        {
            (start, end) = (DefaultStart(asOf, firstDay), asOf);
        }

        return (Text(start), Text(end));
    }

    private static DateOnly DefaultStart(DateOnly end, DateOnly? firstDay)
    {
        var start = end.AddDays(1 - DefaultDays);
        return firstDay is { } first && first > start && first <= end ? first : start;
    }

    internal static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    internal static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day) ? day : null;
}
