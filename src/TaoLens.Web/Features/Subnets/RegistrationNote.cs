using System.Globalization;
using TaoLens.Core.Valuation;

namespace TaoLens.Web.Features.Subnets;

/// <summary>
/// The row note <c>registeredInWindow</c> (docs/metrics.md, "Notes" and "Whole-network totals"), its one definition:
/// the subnet's history began inside the window, so the window's earlier days count as zero emission and its yearly
/// figures are lower than its daily rate × 365. A row note, not a <see cref="MetricNotes"/> flag: the figures are
/// right as they are, and a flag would spread through sums into the network total, which is whole.
/// </summary>
public static class RegistrationNote
{
    public const string Code = "registeredInWindow";

    /// <summary>Whether a history that began on <paramref name="registeredOn"/> began inside the window ending on <paramref name="asOf"/>.</summary>
    public static bool Applies(DateOnly? registeredOn, DateOnly asOf, ValuationOptions options) =>
        registeredOn is { } registered && registered > ValuationEngine.FirstInputDay(asOf, options);

    /// <summary>Days from registration to the as-of day.</summary>
    public static int DaysAgo(DateOnly registeredOn, DateOnly asOf) => asOf.DayNumber - registeredOn.DayNumber;

    /// <summary>The badge: "registered N days ago", counted back from the as-of day.</summary>
    public static string Badge(DateOnly registeredOn, DateOnly asOf) => DaysAgo(registeredOn, asOf) switch
    {
        <= 0 => "registered on the as-of day",
        1 => "registered 1 day ago",
        var n => $"registered {n.ToString(CultureInfo.InvariantCulture)} days ago",
    };

    /// <summary>The full sentence for hover and screen readers.</summary>
    public static string Sentence(DateOnly registeredOn, DateOnly asOf, int windowDays)
    {
        var days = DaysAgo(registeredOn, asOf);
        var when = days <= 0 ? "the as-of day" : $"{days.ToString(CultureInfo.InvariantCulture)} day{(days == 1 ? "" : "s")} before {Text(asOf)}";
        return $"Registered on {Text(registeredOn)} ({when}), inside the {windowDays.ToString(CultureInfo.InvariantCulture)}-day window: "
            + "the days before it count as zero emission, so its yearly subsidy is the window's average, lower than its daily rate × 365.";
    }

    /// <summary>Badge and sentence for a row that carries the note, or null.</summary>
    public static (string Badge, string Sentence)? For(SubnetRow row, DateOnly? asOf, int windowDays)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Notes.Contains(Code) && row.RegisteredOn is { } registered && asOf is { } day
            ? (Badge(registered, day), Sentence(registered, day, windowDays))
            : null;
    }

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
