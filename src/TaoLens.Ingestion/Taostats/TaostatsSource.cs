using Microsoft.Extensions.Options;
using TaoLens.Core.Text;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;
using TaoLens.Ingestion.Runs;
using TaoLens.Ingestion.Sources;
using TaoLens.Ingestion.Sources.Json;

namespace TaoLens.Ingestion.Taostats;

/// <summary>
/// Taostats: subnet pools (price, pool sizes) as snapshots with source "taostats", subnet identities, and the TAO
/// price. Off without an API key. The chain stays authoritative for emissions; Taostats fills pools and history.
/// </summary>
public sealed class TaostatsSource(TaostatsClient client, IOptions<TaostatsOptions> options) : IIngestionSource
{
    public string Name => SnapshotSources.Taostats;
    public bool Enabled => options.Value.Enabled && client.IsConfigured;

    public string? DisabledReason => !options.Value.Enabled ? "Sources:Taostats:Enabled is false"
        : !client.IsConfigured ? "no API key (set Sources:Taostats:ApiKey)"
        : null;

    public TimeSpan Interval => options.Value.Interval;
    public int BackfillDays => options.Value.BackfillDays;

    public async Task<IngestionBatch> FetchLatestAsync(CancellationToken cancellationToken)
    {
        var pools = await client.GetLatestPoolsAsync(cancellationToken);
        var identities = await client.GetSubnetIdentitiesAsync(cancellationToken);
        var price = await client.GetLatestPriceAsync(cancellationToken);
        return ToRows(pools, identities, [price]);
    }

    public Task<IngestionBatch>? FetchDayAsync(DateOnly day, CancellationToken cancellationToken) => FetchOneDayAsync(day, cancellationToken);

    private async Task<IngestionBatch> FetchOneDayAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = start.AddDays(1).AddTicks(-1);
        var pools = await client.GetDailyPoolHistoryAsync(start, end, cancellationToken);
        var prices = await client.GetPriceHistoryAsync(start, end, cancellationToken);
        return ToRows(pools, [], prices);
    }

    private IngestionRows ToRows(IReadOnlyCollection<TaostatsPool> pools, IReadOnlyCollection<TaostatsIdentity> identities, IReadOnlyCollection<TaoPriceQuote> prices)
    {
        var byNetuid = identities.ToDictionary(i => i.Netuid);
        return new IngestionRows
        {
            Subnets = [.. pools.GroupBy(p => p.Netuid).Select(g =>
            {
                var latest = g.MaxBy(p => p.Timestamp)!;
                byNetuid.TryGetValue(latest.Netuid, out var identity);
                return new Subnet
                {
                    Netuid = latest.Netuid,
                    Name = UntrustedText.Clean(identity?.Name ?? latest.Name, Subnet.NameMaxLength),
                    Symbol = UntrustedText.Clean(latest.Symbol, Subnet.SymbolMaxLength),
                    GithubRepo = identity?.GithubRepo?.AbsoluteUri,
                    Contact = UntrustedText.Clean(identity?.Contact, Subnet.IdentityFieldMaxLength),
                    Url = identity?.Website?.AbsoluteUri,
                    Discord = UntrustedText.Clean(identity?.Discord, Subnet.NameMaxLength),
                    Description = UntrustedText.Clean(identity?.Description, Subnet.IdentityFieldMaxLength),
                    Additional = UntrustedText.Clean(identity?.Additional, Subnet.IdentityFieldMaxLength),
                    FirstSeenAt = g.Min(p => p.Timestamp),
                    LastSeenAt = latest.Timestamp,
                };
            })],
            Snapshots = [.. pools.Select(p => new SubnetSnapshot
            {
                Netuid = p.Netuid,
                ObservedAt = p.Timestamp,
                Source = Name,
                BlockNumber = p.BlockNumber,
                AlphaInPoolRao = p.AlphaInPoolRao,
                AlphaOutstandingRao = p.AlphaStakedRao,
                TaoInPoolRao = p.TotalTaoRao,
                AlphaPriceTao = p.PriceTao,
            })],
            Market = [.. prices.Select(q => q.ToSnapshot(Name))],
        };
    }
}
