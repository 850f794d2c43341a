using Microsoft.Extensions.Options;
using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Tests.Valuation;

/// <summary>The cache's own rules, without a database: what is shared, what is kept, what is dropped.</summary>
public sealed class ValuationCacheTests
{
    private static readonly DateOnly s_to = new(2026, 6, 30);
    private static readonly ValuationOptions s_options = new();

    [Fact]
    public async Task Concurrent_misses_for_one_series_share_one_computation()
    {
        using var cache = Cache(1_000);
        var computations = 0;
        var release = new TaskCompletionSource<SubnetValuationSeries?>(TaskCreationOptions.RunContinuationsAsynchronously);

        var waiting = Enumerable.Range(0, 8)
            .Select(_ => cache.SeriesAsync("s1", 3, s_to.AddDays(-9), s_to, s_options, () => { Interlocked.Increment(ref computations); return release.Task; }, CancellationToken.None))
            .ToList();
        release.SetResult(null);
        await Task.WhenAll(waiting);

        Assert.Equal(1, computations);
    }

    [Fact]
    public async Task A_failed_computation_is_not_kept_and_the_next_request_tries_again()
    {
        using var cache = Cache(1_000);
        var computations = 0;
        Task<SubnetValuationSeries?> Fail() { computations++; return Task.FromException<SubnetValuationSeries?>(new InvalidOperationException("database down")); }
        Task<SubnetValuationSeries?> Succeed() { computations++; return Task.FromResult<SubnetValuationSeries?>(null); }

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.SeriesAsync("s1", 3, s_to, s_to, s_options, Fail, CancellationToken.None));
        await cache.SeriesAsync("s1", 3, s_to, s_to, s_options, Succeed, CancellationToken.None);
        await cache.SeriesAsync("s1", 3, s_to, s_to, s_options, Succeed, CancellationToken.None);

        Assert.Equal(2, computations);
    }

    [Fact]
    public async Task A_new_database_snapshot_recomputes_and_the_old_one_is_never_served_again()
    {
        using var cache = Cache(1_000);
        var computations = 0;
        Task<SubnetValuationSeries?> Compute() { computations++; return Task.FromResult<SubnetValuationSeries?>(null); }

        await cache.SeriesAsync("s1", 3, s_to, s_to, s_options, Compute, CancellationToken.None);
        await cache.SeriesAsync("s1", 3, s_to, s_to, s_options, Compute, CancellationToken.None);
        await cache.SeriesAsync("s2", 3, s_to, s_to, s_options, Compute, CancellationToken.None);
        await cache.SeriesAsync("s1", 3, s_to, s_to, s_options, Compute, CancellationToken.None);

        Assert.Equal(3, computations);
    }

    [Fact]
    public async Task One_callers_cancellation_stops_its_wait_but_not_the_shared_computation()
    {
        using var cache = Cache(1_000);
        var release = new TaskCompletionSource<SubnetValuationSeries?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var computations = 0;
        Task<SubnetValuationSeries?> Compute() { computations++; return release.Task; }
        using var impatient = new CancellationTokenSource();

        var first = cache.SeriesAsync("s1", 3, s_to, s_to, s_options, Compute, impatient.Token);
        var second = cache.SeriesAsync("s1", 3, s_to, s_to, s_options, Compute, CancellationToken.None);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        release.SetResult(null);
        await second;
        await cache.SeriesAsync("s1", 3, s_to, s_to, s_options, Compute, CancellationToken.None);

        Assert.Equal(1, computations);
    }

    [Fact]
    public async Task With_the_series_cache_off_nothing_is_kept()
    {
        using var cache = Cache(0);
        var computations = 0;
        Task<SubnetValuationSeries?> Compute() { computations++; return Task.FromResult<SubnetValuationSeries?>(null); }

        await cache.SeriesAsync("s1", 3, s_to, s_to, s_options, Compute, CancellationToken.None);
        await cache.SeriesAsync("s1", 3, s_to, s_to, s_options, Compute, CancellationToken.None);

        Assert.False(cache.CachesSeries);
        Assert.Equal(2, computations);
    }

    private static ValuationCache Cache(int seriesDays) => new(Options.Create(new ValuationCacheOptions { SeriesCacheDays = seriesDays }));
}
