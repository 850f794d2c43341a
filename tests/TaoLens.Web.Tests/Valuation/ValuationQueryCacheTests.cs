using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TaoLens.Core.Valuation;
using TaoLens.Data.Snapshots;
using TaoLens.Web.Features.Valuation;
using TaoLens.Web.Tests.Infrastructure;

namespace TaoLens.Web.Tests.Valuation;

// The cache key is the server's snapshot, which any write to any database on the test cluster moves: run alone.
[CollectionDefinition(nameof(ValuationQueryCacheTests), DisableParallelization = true)]
[Collection(nameof(ValuationQueryCacheTests))]
public sealed class ValuationQueryCacheTests
{
    [Fact]
    public async Task Latest_valuation_is_reused_until_a_write_commits_and_then_recomputed()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        var options = new ValuationOptions();

        var first = await LatestAsync(app, options);
        var again = await LatestAsync(app, options);
        Assert.Same(first, again);
        Assert.NotSame(first, await LatestAsync(app, options with { WindowDays = 7 }));

        // A snapshot on a new day moves "latest" forward: the next request must see it, not the cached figures.
        var nextDay = first.AsOf!.Value.AddDays(1);
        await using (var connection = new NpgsqlConnection(app.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var at = new DateTimeOffset(nextDay.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            await SnapshotWriter.WriteAsync(connection, [new SubnetSnapshot { Netuid = 64, ObservedAt = at, Source = SnapshotSources.Chain, TaoInEmissionRao = 1_000_000 }]);
            // Uncommitted, the write is invisible; the cached entry may still serve.
            Assert.Equal(first.AsOf, (await LatestAsync(app, options)).AsOf);
            await transaction.CommitAsync();
        }

        var after = await LatestAsync(app, options);
        Assert.Equal(nextDay, after.AsOf);
        // 1,000,000 rao a block × 7,200 blocks a day = 7.2 TAO a day.
        Assert.Equal(7.2m, after.Result!.Subnet(64)!.TaoSideTaoPerDay.At(nextDay).Base);
    }

    [Fact]
    public async Task Latest_valuations_and_series_share_the_cache_so_a_page_and_its_charts_keep_each_others_entries()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        var options = new ValuationOptions();

        // A subnet page reads the latest valuation, its chart island the series, and the next page load the latest again.
        var latest = await LatestAsync(app, options);
        var series = await SeriesAsync(app, latest.AsOf!.Value.AddDays(-13), latest.AsOf.Value, options);

        Assert.Same(latest, await LatestAsync(app, options));
        Assert.Same(series, await SeriesAsync(app, latest.AsOf.Value.AddDays(-13), latest.AsOf.Value, options));
    }

    [Fact]
    public async Task A_subnet_series_is_reused_until_a_write_commits_and_then_recomputed()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        var options = new ValuationOptions();
        var to = (await LatestAsync(app, options)).AsOf!.Value;
        var from = to.AddDays(-13);

        var first = await SeriesAsync(app, from, to, options);
        Assert.Same(first, await SeriesAsync(app, from, to, options));
        Assert.NotSame(first, await SeriesAsync(app, from.AddDays(1), to, options));
        Assert.NotSame(first, await SeriesAsync(app, from, to, options with { WindowDays = 7 }));

        // A second snapshot on the last day changes that day's mean emission: the next request must show it.
        await using (var connection = new NpgsqlConnection(app.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var at = new DateTimeOffset(to.ToDateTime(new TimeOnly(12, 34)), TimeSpan.Zero);
            await SnapshotWriter.WriteAsync(connection, [new SubnetSnapshot { Netuid = 64, ObservedAt = at, Source = SnapshotSources.Chain, TaoInEmissionRao = 9_000_000_000 }]);
            await transaction.CommitAsync();
        }

        var after = await SeriesAsync(app, from, to, options);
        Assert.NotSame(first, after);
        Assert.NotEqual(first.TaoSideTaoPerDay.At(to), after.TaoSideTaoPerDay.At(to));
        Assert.Equal(first.TaoSideTaoPerDay.At(from), after.TaoSideTaoPerDay.At(from));
    }

    [Fact]
    public async Task With_the_series_cache_off_each_request_computes_the_same_figures_afresh()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        await using var off = app.WithWebHostBuilder(b => b.UseSetting("Valuation:SeriesCacheDays", "0"));
        var to = (await LatestAsync(app, new ValuationOptions())).AsOf!.Value;

        var first = await SeriesAsync(off, to.AddDays(-13), to, new ValuationOptions());
        var second = await SeriesAsync(off, to.AddDays(-13), to, new ValuationOptions());
        Assert.NotSame(first, second);
        Assert.Equal(Enumerable.Range(0, first.Count).Select(i => first.TaoSide.AnnualisedUsd[i]), Enumerable.Range(0, second.Count).Select(i => second.TaoSide.AnnualisedUsd[i]));
    }

    [Fact]
    public async Task A_series_longer_than_the_whole_cache_is_computed_each_time()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        await using var small = app.WithWebHostBuilder(b => b.UseSetting("Valuation:SeriesCacheDays", "10"));
        var to = (await LatestAsync(app, new ValuationOptions())).AsOf!.Value;

        Assert.Same(await SeriesAsync(small, to.AddDays(-9), to, new ValuationOptions()), await SeriesAsync(small, to.AddDays(-9), to, new ValuationOptions()));
        Assert.NotSame(await SeriesAsync(small, to.AddDays(-10), to, new ValuationOptions()), await SeriesAsync(small, to.AddDays(-10), to, new ValuationOptions()));
    }

    // SN64 (Chutes) has snapshots on every reference day.
    private static async Task<SubnetValuationSeries> SeriesAsync(WebApplicationFactory<Program> app, DateOnly from, DateOnly to, ValuationOptions options)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ValuationQuery>().SubnetSeriesAsync(64, from, to, options)
            ?? throw new InvalidOperationException("SN64 has no series.");
    }

    private static async Task<LatestValuation> LatestAsync(TaoLensAppFactory app, ValuationOptions options)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ValuationQuery>().LatestAsync(options);
    }
}
