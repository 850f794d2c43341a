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

    private static async Task<LatestValuation> LatestAsync(TaoLensAppFactory app, ValuationOptions options)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ValuationQuery>().LatestAsync(options);
    }
}
