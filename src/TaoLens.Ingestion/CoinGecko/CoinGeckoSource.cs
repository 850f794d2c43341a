using Microsoft.Extensions.Options;
using TaoLens.Data.Snapshots;
using TaoLens.Ingestion.Runs;
using TaoLens.Ingestion.Sources;

namespace TaoLens.Ingestion.CoinGecko;

/// <summary>TAO price, market cap, supplies, FDV and volume from CoinGecko into <c>tao_market_snapshots</c>.</summary>
public sealed class CoinGeckoSource(CoinGeckoClient client, IOptions<CoinGeckoOptions> options) : IIngestionSource
{
    public string Name => SnapshotSources.CoinGecko;
    public bool Enabled => options.Value.Enabled;
    public string? DisabledReason => Enabled ? null : "Sources:CoinGecko:Enabled is false";
    public TimeSpan Interval => options.Value.Interval;
    public int BackfillDays => options.Value.BackfillDays;

    public async Task<IngestionBatch> FetchLatestAsync(CancellationToken cancellationToken) =>
        new IngestionRows { Market = [(await client.GetCurrentAsync(cancellationToken)).ToSnapshot(Name)] };

    public Task<IngestionBatch>? FetchDayAsync(DateOnly day, CancellationToken cancellationToken) => FetchOneDayAsync(day, cancellationToken);

    private async Task<IngestionBatch> FetchOneDayAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var quotes = await client.GetDailyHistoryAsync(start, start.AddDays(1), cancellationToken);
        var rows = quotes.Where(q => DateOnly.FromDateTime(q.Timestamp.UtcDateTime) == day).Select(q => q.ToSnapshot(Name)).ToList();
        return rows.Count > 0
            ? new IngestionRows { Market = rows }
            : throw new SourcePayloadException($"coingecko market_chart/range: no price for {day:yyyy-MM-dd}.");
    }
}
