using System.Globalization;
using Microsoft.Extensions.Options;
using TaoLens.Ingestion.Sources;
using TaoLens.Ingestion.Sources.Json;

namespace TaoLens.Ingestion.Chutes;

/// <summary>Typed client for Chutes' public <c>GET /daily_revenue_summary</c> (no auth, last 90 days, newest first).</summary>
public sealed class ChutesClient(HttpClient http, IOptions<ChutesOptions> options, TimeProvider clock)
{
    /// <summary>Totals may differ from the sum of components by float rounding, never by more than a cent.</summary>
    public const decimal TotalTolerance = 0.01m;

    /// <summary>A billion USD in one day for one component is a broken field, not revenue.</summary>
    public const decimal MaxDailyAmountUsd = 1_000_000_000m;

    private const string Path = "daily_revenue_summary";
    private const string Source = "chutes /" + Path;

    private readonly ChutesOptions _options = options.Value;

    /// <summary>
    /// Every complete day the summary holds, oldest first: the current UTC day (and tomorrow, which Chutes' day
    /// boundary can show) is still accruing, so it is left out rather than stored as a full day. Rejects the whole
    /// payload on a duplicate date, a negative or absurd amount, a date after tomorrow (UTC), or a
    /// <c>total_revenue</c> that matches neither the sum with nor the sum without <c>sponsored_inference</c> within a cent.
    /// </summary>
    public async Task<IReadOnlyList<ChutesDailyRevenue>> GetDailyRevenueAsync(CancellationToken cancellationToken = default)
    {
        using var document = await SourceHttp.GetJsonAsync(http, new Uri(Path, UriKind.Relative), Source, null, cancellationToken);
        var root = PayloadNode.Root(document, Source);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var latestAllowed = today.AddDays(1);
        var days = new Dictionary<DateOnly, ChutesDailyRevenue>();
        foreach (var row in root.Items())
        {
            var revenue = ParseRow(row, latestAllowed);
            if (!days.TryAdd(revenue.Day, revenue))
            {
                throw row.Required("date").Fail($"duplicate date {revenue.Day:yyyy-MM-dd}");
            }
        }

        // A partial day upserted as if complete would understate that day's revenue until it ends.
        return [.. days.Values.Where(d => d.Day < today).OrderBy(d => d.Day)];
    }

    private static ChutesDailyRevenue ParseRow(PayloadNode row, DateOnly latestAllowed)
    {
        var dateNode = row.Required("date");
        if (!DateOnly.TryParseExact(dateNode.Text(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            throw dateNode.Fail("not a YYYY-MM-DD date");
        }

        if (day > latestAllowed)
        {
            throw dateNode.Fail($"{day:yyyy-MM-dd} is in the future");
        }

        if (day < DateOnly.FromDateTime(PayloadNode.EarliestTimestamp.UtcDateTime))
        {
            throw dateNode.Fail($"{day:yyyy-MM-dd} is before {PayloadNode.EarliestTimestamp:yyyy-MM-dd}");
        }

        var revenue = new ChutesDailyRevenue(
            Day: day,
            SubscriberRevenueUsd: Amount(row.Required("new_subscriber_revenue")),
            PayAsYouGoRevenueUsd: Amount(row.Required("paygo_revenue")),
            PendingInstanceRevenueUsd: Amount(row.Required("pending_instance_revenue")),
            SponsoredInferenceUsd: row.Optional("sponsored_inference") is { } sponsored ? Amount(sponsored) : null,
            NewSubscriberCount: row.Optional("new_subscriber_count")?.IntInRange(0, int.MaxValue));

        // The 2025 API's total is subscriber + paygo + instance; whether newer totals include sponsored inference
        // is not documented, so either sum is accepted and anything else is rejected.
        var totalNode = row.Required("total_revenue");
        var total = Amount(totalNode);
        var withoutSponsored = revenue.SubscriberRevenueUsd + revenue.PayAsYouGoRevenueUsd + revenue.PendingInstanceRevenueUsd;
        var withSponsored = withoutSponsored + (revenue.SponsoredInferenceUsd ?? 0);
        if (Math.Abs(total - withoutSponsored) > TotalTolerance && Math.Abs(total - withSponsored) > TotalTolerance)
        {
            throw totalNode.Fail(string.Create(CultureInfo.InvariantCulture, $"{total} disagrees with the sum of components {withoutSponsored}{(revenue.SponsoredInferenceUsd is null ? "" : $" (or {withSponsored} with sponsored inference)")}"));
        }

        return revenue;
    }

    private static decimal Amount(PayloadNode node) => node.DecimalInRange(0, MaxDailyAmountUsd);
}
