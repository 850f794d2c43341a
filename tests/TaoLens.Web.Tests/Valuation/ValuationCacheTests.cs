using Microsoft.Extensions.Options;
using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Tests.Valuation;

/// <summary>The cache's own rules, without a database: what is shared, what is kept, what is dropped.</summary>
public sealed class ValuationCacheTests
{
    private static readonly DateOnly s_to = new(2026, 6, 30);

    [Fact]
    public async Task Concurrent_misses_for_one_series_share_one_computation()
    {
        using var cache = Cache(1_000);
        var release = new TaskCompletionSource<SubnetValuationSeries?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var computation = new Computation(() => release.Task);

        var waiting = Enumerable.Range(0, 8).Select(_ => Series(cache, "s1", computation)).ToList();
        release.SetResult(null);
        await Task.WhenAll(waiting);

        Assert.Equal(1, computation.Count);
    }

    [Fact]
    public async Task A_failed_computation_is_not_kept_and_the_next_request_tries_again()
    {
        using var cache = Cache(1_000);
        var failing = new Computation(() => Task.FromException<SubnetValuationSeries?>(new InvalidOperationException("database down")));
        var succeeding = Computation.Empty();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Series(cache, "s1", failing));
        await Series(cache, "s1", succeeding);
        await Series(cache, "s1", succeeding);

        Assert.Equal((1, 1), (failing.Count, succeeding.Count));
    }

    [Fact]
    public async Task A_new_database_snapshot_recomputes_and_the_old_one_is_never_served_again()
    {
        using var cache = Cache(1_000);
        var computation = Computation.Empty();

        foreach (var snapshot in new[] { "s1", "s1", "s2", "s1" })
        {
            await Series(cache, snapshot, computation);
        }

        Assert.Equal(3, computation.Count);
    }

    [Fact]
    public async Task One_callers_cancellation_stops_its_wait_but_not_the_shared_computation()
    {
        using var cache = Cache(1_000);
        var release = new TaskCompletionSource<SubnetValuationSeries?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var computation = new Computation(() => release.Task);
        using var impatient = new CancellationTokenSource();

        var first = Series(cache, "s1", computation, impatient.Token);
        var second = Series(cache, "s1", computation);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        release.SetResult(null);
        await second;
        await Series(cache, "s1", computation);

        Assert.Equal(1, computation.Count);
    }

    [Fact]
    public async Task With_the_series_cache_off_nothing_is_kept()
    {
        using var cache = Cache(0);
        var computation = Computation.Empty();

        await Series(cache, "s1", computation);
        await Series(cache, "s1", computation);

        Assert.False(cache.CachesSeries);
        Assert.Equal(2, computation.Count);
    }

    [Fact]
    public async Task Concurrent_misses_for_the_latest_valuation_share_one_computation_and_failures_are_not_kept()
    {
        using var cache = Cache(1_000);
        var release = new TaskCompletionSource<LatestValuation>(TaskCreationOptions.RunContinuationsAsynchronously);
        var computations = 0;
        Task<LatestValuation> Compute()
        {
            computations++;
            return computations == 1 ? Task.FromException<LatestValuation>(new InvalidOperationException("database down")) : release.Task;
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.LatestAsync("s1", new ValuationOptions(), Compute, CancellationToken.None));
        var waiting = Enumerable.Range(0, 8).Select(_ => cache.LatestAsync("s1", new ValuationOptions(), Compute, CancellationToken.None)).ToList();
        release.SetResult(new LatestValuation(null, new ValuationOptions(), null, []));
        await Task.WhenAll(waiting);

        Assert.Equal(2, computations);
        Assert.Equal(1, cache.LatestCount);
    }

    private static ValuationCache Cache(int seriesDays) => new(Options.Create(new ValuationCacheOptions { SeriesCacheDays = seriesDays }));

    private static Task<SubnetValuationSeries?> Series(ValuationCache cache, string snapshot, Computation computation, CancellationToken cancellationToken = default) =>
        cache.SeriesAsync(snapshot, 3, s_to, s_to, new ValuationOptions(), computation.Run, cancellationToken);

    /// <summary>Counts how often the cache computes; each computation gives <paramref name="result"/>'s task.</summary>
    private sealed class Computation(Func<Task<SubnetValuationSeries?>> result)
    {
        public int Count { get; private set; }

        public static Computation Empty() => new(() => Task.FromResult<SubnetValuationSeries?>(null));

        public Task<SubnetValuationSeries?> Run()
        {
            Count++;
            return result();
        }
    }
}
