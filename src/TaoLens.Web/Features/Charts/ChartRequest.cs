namespace TaoLens.Web.Features.Charts;

/// <summary>One line on a chart: a subnet's engine series by its <see cref="Subnets.SubnetMetrics"/> name.</summary>
public sealed record ChartLine(int Netuid, string Metric, string Label);

/// <summary>What a chart island draws; plain data so it can cross into the interactive render mode.</summary>
public sealed record ChartRequest(string Id, string Title, string Unit, string From, string To, int WindowDays, IReadOnlyList<ChartLine> Lines);

/// <summary>A chart's date range from the URL: up to the latest day with data, 90 days by default; a bad range falls back to the default.</summary>
public static class ChartRange
{
    public const int DefaultDays = 90;

    public static (string From, string To) Resolve(string? from, string? to, DateOnly asOf)
    {
        var end = Day(to) ?? asOf;
        var start = Day(from) ?? end.AddDays(1 - DefaultDays);
        if (start > end || end.DayNumber - start.DayNumber >= Subnets.SubnetDetailEndpoints.MaxRangeDays)
        {
            (start, end) = (asOf.AddDays(1 - DefaultDays), asOf);
        }

        return (Text(start), Text(end));
    }

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day) ? day : null;
}
