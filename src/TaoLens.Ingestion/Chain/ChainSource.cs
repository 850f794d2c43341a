using System.Numerics;
using Microsoft.Extensions.Options;
using TaoLens.Core.Text;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;
using TaoLens.Ingestion.Runs;
using TaoLens.Ingestion.Sources;

namespace TaoLens.Ingestion.Chain;

/// <summary>
/// The chain itself, authoritative for emissions and pools: every subnet's DynamicInfo, alpha price and excess TAO
/// at one block, into <c>subnets</c> and <c>subnet_snapshots</c> (source "chain").
/// </summary>
public sealed class ChainSource(SubtensorClient client, IOptions<SubtensorOptions> options) : IIngestionSource
{
    /// <summary>Backfill samples each UTC day at these hours; the daily rollup averages them (docs/metrics.md).</summary>
    public static readonly IReadOnlyList<int> BackfillHours = [0, 6, 12, 18];

    public string Name => SnapshotSources.Chain;
    public bool Enabled => options.Value.Enabled;
    public string? DisabledReason => Enabled ? null : "Sources:Subtensor:Enabled is false";
    public TimeSpan Interval => options.Value.Interval;

    // A full node prunes old state, so only an archive node makes the worker's backfill worth starting.
    public int BackfillDays => options.Value.ArchiveUrl is null ? 0 : options.Value.BackfillDays;

    public string? NoBackfillReason => options.Value switch
    {
        { ArchiveUrl: null } => $"{SubtensorOptions.Section}:ArchiveUrl is not set; a full node keeps only recent state, so chain history needs an archive node",
        { BackfillDays: <= 0 } => $"{SubtensorOptions.Section}:BackfillDays is 0",
        _ => null,
    };

    public async Task<IngestionBatch> FetchLatestAsync(CancellationToken cancellationToken) =>
        ToRows([await client.GetSnapshotAsync(null, cancellationToken)]);

    /// <summary>
    /// The block at each sampled time, then the state at that block's hash, from the archive node
    /// (<see cref="SubtensorOptions.ArchiveUrl"/>), or from <see cref="SubtensorOptions.Url"/> when none is set.
    /// </summary>
    public Task<IngestionBatch>? FetchDayAsync(DateOnly day, CancellationToken cancellationToken) => FetchSamplesAsync(day, cancellationToken);

    private async Task<IngestionBatch> FetchSamplesAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var history = options.Value.ArchiveUrl is { } archive ? client.ForNode(archive) : client;
        var snapshots = new List<ChainSnapshot>();
        foreach (var hour in BackfillHours)
        {
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);
            var hash = await history.FindBlockHashAtAsync(at, cancellationToken);
            snapshots.Add(await history.GetSnapshotAsync(hash, cancellationToken));
        }

        return ToRows(snapshots);
    }

    internal static IngestionRows ToRows(IReadOnlyList<ChainSnapshot> snapshots)
    {
        var rows = new IngestionRows();
        foreach (var snapshot in snapshots)
        {
            foreach (var info in snapshot.Subnets)
            {
                rows.Subnets.Add(ToSubnet(info, snapshot.Timestamp));
                rows.Snapshots.Add(new SubnetSnapshot
                {
                    Netuid = info.Netuid,
                    ObservedAt = snapshot.Timestamp,
                    Source = SnapshotSources.Chain,
                    BlockNumber = snapshot.BlockNumber,
                    TaoInEmissionRao = info.TaoInEmission,
                    ExcessTaoRao = snapshot.ExcessTaoRao.GetValueOrDefault(info.Netuid),
                    AlphaOutEmissionRao = info.AlphaOutEmission,
                    AlphaInEmissionRao = info.AlphaInEmission,
                    AlphaInPoolRao = info.AlphaIn,
                    AlphaOutstandingRao = info.AlphaOut,
                    TaoInPoolRao = info.TaoIn,
                    AlphaPriceTao = snapshot.AlphaPrices.TryGetValue(info.Netuid, out var price) ? price.TaoPerAlpha : null,
                    MovingPriceTao = decimal.Round(info.MovingPrice, 18),
                    CumulativeVolumeRao = (BigInteger)info.SubnetVolume,
                    RegistrationBlock = info.NetworkRegisteredAt,
                });
            }
        }

        // The newest sighting decides a subnet's identity; first seen goes back to the earliest.
        var merged = rows.Subnets
            .GroupBy(s => s.Netuid)
            .Select(g =>
            {
                var newest = g.MaxBy(s => s.LastSeenAt)!;
                newest.FirstSeenAt = g.Min(s => s.FirstSeenAt);
                return newest;
            })
            .ToList();
        rows.Subnets.Clear();
        rows.Subnets.AddRange(merged);
        return rows;
    }

    private static Subnet ToSubnet(DynamicInfo info, DateTimeOffset seenAt) => new()
    {
        Netuid = info.Netuid,
        // The decoder cleaned every string; these caps match the columns, some narrower than the chain allows.
        Name = UntrustedText.Clean(info.Identity?.Name ?? info.Name, Subnet.NameMaxLength),
        Symbol = UntrustedText.Clean(info.Symbol, Subnet.SymbolMaxLength),
        OwnerHotkey = info.OwnerHotkey,
        OwnerColdkey = info.OwnerColdkey,
        RegistrationBlock = info.NetworkRegisteredAt,
        GithubRepo = UntrustedText.Clean(info.Identity?.GithubRepo, Subnet.IdentityFieldMaxLength),
        Contact = UntrustedText.Clean(info.Identity?.Contact, Subnet.IdentityFieldMaxLength),
        Url = UntrustedText.Clean(info.Identity?.Url, Subnet.IdentityFieldMaxLength),
        Discord = UntrustedText.Clean(info.Identity?.Discord, Subnet.NameMaxLength),
        Description = UntrustedText.Clean(info.Identity?.Description, Subnet.IdentityFieldMaxLength),
        LogoUrl = UntrustedText.Clean(info.Identity?.LogoUrl, Subnet.IdentityFieldMaxLength),
        Additional = UntrustedText.Clean(info.Identity?.Additional, Subnet.IdentityFieldMaxLength),
        FirstSeenAt = seenAt,
        LastSeenAt = seenAt,
    };
}
