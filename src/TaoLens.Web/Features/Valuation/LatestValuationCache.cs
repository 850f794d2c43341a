using System.Collections.Concurrent;
using TaoLens.Core.Valuation;

namespace TaoLens.Web.Features.Valuation;

/// <summary>
/// Latest valuations, kept while the database is unchanged. The key is PostgreSQL's current snapshot
/// (<c>pg_current_snapshot()</c>), which changes whenever a writing transaction starts or ends: an entry is
/// computed from data read after its snapshot was taken, so it is never older than what a fresh query would see,
/// on this instance or any other sharing the database. Concurrent misses share one computation.
/// </summary>
public sealed class LatestValuationCache
{
    private Generation _current = new("", new());

    public async Task<LatestValuation> GetOrComputeAsync(string snapshot, ValuationOptions options, int? netuid, Func<Task<LatestValuation>> compute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compute);
        var generation = Volatile.Read(ref _current);
        if (generation.Snapshot != snapshot)
        {
            // A newer snapshot drops every entry; two requests racing on different snapshots only cost a recompute.
            generation = new Generation(snapshot, new());
            Volatile.Write(ref _current, generation);
        }

        var key = (options, netuid);
        // The shared computation ignores any one caller's cancellation; each caller stops waiting on its own.
        var entry = generation.Entries.GetOrAdd(key, _ => new Lazy<Task<LatestValuation>>(compute));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch when (entry.Value.IsFaulted || entry.Value.IsCanceled)
        {
            // Failures are not cached: the next request tries again.
            generation.Entries.TryRemove(new KeyValuePair<(ValuationOptions, int?), Lazy<Task<LatestValuation>>>(key, entry));
            throw;
        }
    }

    private sealed record Generation(string Snapshot, ConcurrentDictionary<(ValuationOptions Options, int? Netuid), Lazy<Task<LatestValuation>>> Entries);
}
