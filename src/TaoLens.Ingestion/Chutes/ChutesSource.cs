using Microsoft.Extensions.Options;
using TaoLens.Data.Revenue;
using TaoLens.Data.Subnets;
using TaoLens.Ingestion.Runs;
using TaoLens.Ingestion.Sources;

namespace TaoLens.Ingestion.Chutes;

/// <summary>Chutes (SN64) daily revenue, every component kept apart, into <c>daily_revenues</c>.</summary>
public sealed class ChutesSource(ChutesClient client, IOptions<ChutesOptions> options) : IIngestionSource
{
    public const string SourceName = "chutes";
    public const int Netuid = 64;

    private IReadOnlyList<ChutesDailyRevenue>? _summary;

    public string Name => SourceName;
    public bool Enabled => options.Value.Enabled;
    public string? DisabledReason => Enabled ? null : "Sources:Chutes:Enabled is false";
    public TimeSpan Interval => options.Value.Interval;
    public int BackfillDays => options.Value.BackfillDays;

    public async Task<IngestionBatch> FetchLatestAsync(CancellationToken cancellationToken) =>
        ToRows(await client.GetDailyRevenueAsync(cancellationToken));

    /// <summary>The API keeps only the last 90 days; one backfill asks it once and takes each day from that answer.</summary>
    public Task<IngestionBatch>? FetchDayAsync(DateOnly day, CancellationToken cancellationToken) => FetchOneDayAsync(day, cancellationToken);

    private async Task<IngestionBatch> FetchOneDayAsync(DateOnly day, CancellationToken cancellationToken)
    {
        _summary ??= await client.GetDailyRevenueAsync(cancellationToken);
        var rows = _summary.Where(r => r.Day == day).ToList();
        return rows.Count > 0
            ? ToRows(rows)
            : throw new SourcePayloadException($"chutes /daily_revenue_summary: no row for {day:yyyy-MM-dd} (the API keeps only its last 90 days).");
    }

    private static IngestionRows ToRows(IReadOnlyCollection<ChutesDailyRevenue> days)
    {
        // Early in a UTC day the summary may hold only that (partial, dropped) day: nothing to store yet.
        if (days.Count == 0)
        {
            return new IngestionRows();
        }

        // Revenue rows reference the subnet; make sure it exists without touching its name. Its revenue days are
        // when this source saw it, so the same data twice changes nothing.
        return new IngestionRows
        {
            Subnets = [new Subnet { Netuid = Netuid, FirstSeenAt = Midnight(days.Min(d => d.Day)), LastSeenAt = Midnight(days.Max(d => d.Day)) }],
            Revenues = [.. days.SelectMany(d => d.Components.Select(c => new DailyRevenue
            {
                Netuid = Netuid,
                Day = Midnight(d.Day),
                Component = c.Name,
                Source = SourceName,
                AmountUsd = c.AmountUsd,
                CountsAsExternal = c.CountsAsExternal,
            }))],
        };
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
