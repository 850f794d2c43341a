using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TaoLens.Core.Valuation;

namespace TaoLens.Web.Features.Valuation;

/// <summary>Settings of <see cref="ValuationCache"/> (section <c>Valuation</c>).</summary>
public sealed class ValuationCacheOptions
{
    /// <summary>
    /// How many days of subnet series to keep, all entries together (about 0.55 KB a day: a one-year series is
    /// 200 KB). When full, a new series is served without being kept and the least recently used are compacted away;
    /// a series longer than the whole budget is never kept. 0 turns the series cache off.
    /// </summary>
    public int SeriesCacheDays { get; set; } = 50_000;
}

/// <summary>
/// Valuations kept while the database is unchanged. The key is PostgreSQL's current snapshot
/// (<c>pg_current_snapshot()</c>), which changes whenever a writing transaction starts or ends: an entry is
/// computed from data read after its snapshot was taken, so it is never older than what a fresh query would see,
/// on this instance or any other sharing the database. Concurrent misses share one computation, and failures are
/// not kept. Latest valuations are kept one per set of options (every subnet, one day each; the options come from a
/// handful of windows), so they are bounded whatever is asked; subnet series within <see cref="ValuationCacheOptions.SeriesCacheDays"/>.
/// </summary>
public sealed class ValuationCache : IDisposable
{
    private readonly MemoryCache _series;
    private readonly int _seriesDays;
    private readonly Lock _seriesGate = new();
    private Generation _current = new("", new());

    public ValuationCache(IOptions<ValuationCacheOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _seriesDays = Math.Max(0, options.Value.SeriesCacheDays);
        _series = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, _seriesDays) });
    }

    /// <summary>False when series are not cached: callers then skip asking for the snapshot.</summary>
    public bool CachesSeries => _seriesDays > 0;

    /// <summary>How many latest valuations are kept now.</summary>
    public int LatestCount => Volatile.Read(ref _current).Entries.Count;

    /// <summary>How many subnet series are kept now.</summary>
    public int SeriesCount => _series.Count;

    public Task<LatestValuation> LatestAsync(string snapshot, ValuationOptions options, Func<Task<LatestValuation>> compute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compute);
        var entries = GenerationOf(snapshot).Entries;
        return AwaitShared(entries.GetOrAdd(options, _ => new Lazy<Task<LatestValuation>>(compute)),
            entry => entries.TryRemove(new KeyValuePair<ValuationOptions, Lazy<Task<LatestValuation>>>(options, entry)), cancellationToken);
    }

    /// <summary>
    /// The netuids in the subnets table as of <paramref name="snapshot"/>, loaded once per snapshot and shared: a series
    /// request learns whether its subnet exists without a query of its own.
    /// </summary>
    public Task<IReadOnlySet<int>> NetuidsAsync(string snapshot, Func<Task<IReadOnlySet<int>>> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        var slot = GenerationOf(snapshot).Netuids;
        var fresh = new Lazy<Task<IReadOnlySet<int>>>(load);
        var entry = Interlocked.CompareExchange(ref slot.Entry, fresh, null) ?? fresh;
        return AwaitShared(entry, failed => Interlocked.CompareExchange(ref slot.Entry, null, failed), cancellationToken);
    }

    public Task<SubnetValuationSeries?> SeriesAsync(string snapshot, int netuid, DateOnly from, DateOnly to, ValuationOptions options, Func<Task<SubnetValuationSeries?>> compute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compute);
        var days = to.DayNumber - from.DayNumber + 1;
        if (days > _seriesDays)
        {
            return compute().WaitAsync(cancellationToken);
        }

        GenerationOf(snapshot);
        var key = (snapshot, netuid, from, to, options);
        Lazy<Task<SubnetValuationSeries?>> entry;
        // MemoryCache has no atomic get-or-add; the lock keeps concurrent misses on one computation.
        lock (_seriesGate)
        {
            if (!_series.TryGetValue(key, out entry!))
            {
                entry = new Lazy<Task<SubnetValuationSeries?>>(compute);
                _series.Set(key, entry, new MemoryCacheEntryOptions { Size = days });
            }
        }

        return AwaitShared(entry, failed =>
        {
            lock (_seriesGate)
            {
                if (_series.TryGetValue(key, out var current) && ReferenceEquals(current, failed))
                {
                    _series.Remove(key);
                }
            }
        }, cancellationToken);
    }

    public void Dispose() => _series.Dispose();

    // A newer snapshot drops every entry; two requests racing on different snapshots only cost a recompute.
    private Generation GenerationOf(string snapshot)
    {
        var generation = Volatile.Read(ref _current);
        if (generation.Snapshot == snapshot)
        {
            return generation;
        }

        generation = new Generation(snapshot, new());
        Volatile.Write(ref _current, generation);
        // Series of older snapshots can never be hit again: free their memory now rather than on pressure.
        _series.Compact(1.0);
        return generation;
    }

    // The shared computation ignores any one caller's cancellation; each caller stops waiting on its own.
    private static async Task<T> AwaitShared<T>(Lazy<Task<T>> entry, Action<Lazy<Task<T>>> forget, CancellationToken cancellationToken)
    {
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch when (entry.Value.IsFaulted || entry.Value.IsCanceled)
        {
            // Failures are not cached: the next request tries again.
            forget(entry);
            throw;
        }
    }

    private sealed record Generation(string Snapshot, ConcurrentDictionary<ValuationOptions, Lazy<Task<LatestValuation>>> Entries)
    {
        public Slot<IReadOnlySet<int>> Netuids { get; } = new();
    }

    // One shared computation, set once; a failed one is cleared so the next request tries again.
    private sealed class Slot<T>
    {
        public Lazy<Task<T>>? Entry;
    }
}
