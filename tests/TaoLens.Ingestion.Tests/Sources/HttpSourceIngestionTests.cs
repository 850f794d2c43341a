using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TaoLens.Data.Snapshots;
using TaoLens.Ingestion.Chutes;
using TaoLens.Ingestion.CoinGecko;
using TaoLens.Ingestion.Runs;
using TaoLens.Ingestion.Taostats;
using TaoLens.Ingestion.Tests.Replay;
using TaoLens.Testing;
using TaoLens.Testing.Loopback;

namespace TaoLens.Ingestion.Tests.Sources;

/// <summary>Each HTTP source end to end: the real client over loopback HTTP, the runner, and PostgreSQL.</summary>
public sealed class HttpSourceIngestionTests
{
    private const string ChutesSummary = """
        [
          {"date":"2025-11-20","new_subscriber_count":12,"new_subscriber_revenue":150.0,"paygo_revenue":10234.567891,"pending_instance_revenue":812.4,"total_revenue":11196.967891,"sponsored_inference":2500.25},
          {"date":"2025-11-19","new_subscriber_count":3,"new_subscriber_revenue":33.0,"paygo_revenue":9876.54,"pending_instance_revenue":0.0,"total_revenue":9909.54}
        ]
        """;

    [Fact]
    public async Task Chutes_components_are_stored_apart_with_only_subscriptions_and_paygo_external()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/daily_revenue_summary", () => Respond.Json(ChutesSummary)));
        await using var database = await TestDatabase.CreateAsync();
        using var host = IngestionHost.Build(database, new Dictionary<string, string?> { ["Sources:Chutes:BaseUrl"] = server.BaseAddress.ToString() });

        var first = await host.RunOnceAsync<ChutesSource>();
        var second = await host.RunOnceAsync<ChutesSource>();

        // 4 components on the 20th, 3 on the 19th (no sponsored inference yet), plus the subnet row for SN64.
        Assert.Equal(new RunResult(RunOutcome.Succeeded, 8, null), first);
        Assert.Equal(new RunResult(RunOutcome.Succeeded, 0, null), second);
        await using var db = database.CreateDbContext();
        var day = new DateTimeOffset(2025, 11, 20, 0, 0, 0, TimeSpan.Zero);
        var rows = await db.DailyRevenues.Where(r => r.Netuid == 64 && r.Day == day).OrderBy(r => r.Component).ToListAsync();
        Assert.Equal(
            [("new_subscriber_revenue", 150.0m, true), ("paygo_revenue", 10234.567891m, true), ("pending_instance_revenue", 812.4m, false), ("sponsored_inference", 2500.25m, false)],
            rows.Select(r => (r.Component, r.AmountUsd, r.CountsAsExternal)));
        Assert.Equal(10384.567891m, rows.Where(r => r.CountsAsExternal).Sum(r => r.AmountUsd));
    }

    [Fact]
    public async Task A_renamed_chutes_field_fails_the_run_writes_nothing_and_the_next_good_run_succeeds()
    {
        var body = ChutesSummary.Replace("\"paygo_revenue\"", "\"payg_revenue\"", StringComparison.Ordinal);
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/daily_revenue_summary", () => Respond.Json(body)));
        await using var database = await TestDatabase.CreateAsync();
        using var host = IngestionHost.Build(database, new Dictionary<string, string?> { ["Sources:Chutes:BaseUrl"] = server.BaseAddress.ToString() });

        var failed = await host.RunOnceAsync<ChutesSource>();

        Assert.Equal(RunOutcome.Failed, failed.Outcome);
        Assert.Contains("paygo_revenue", failed.Error, StringComparison.Ordinal);
        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(0, await db.DailyRevenues.CountAsync());
            Assert.Equal(0, await db.Subnets.CountAsync());
        }

        body = ChutesSummary;
        Assert.Equal(RunOutcome.Succeeded, (await host.RunOnceAsync<ChutesSource>()).Outcome);
    }

    [Fact]
    public async Task CoinGecko_market_is_stored_after_a_429_with_retry_after()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/coins/bittensor", (HttpContext context) =>
            Interlocked.Increment(ref calls) == 1 ? Respond.TooManyRequests(context) : Respond.Json(UpstreamSamples.CoinGeckoTao())));
        await using var database = await TestDatabase.CreateAsync();
        using var host = IngestionHost.Build(database, new Dictionary<string, string?> { ["Sources:CoinGecko:BaseUrl"] = server.BaseAddress.ToString() });

        var result = await host.RunOnceAsync<CoinGeckoSource>();

        Assert.Equal(new RunResult(RunOutcome.Succeeded, 1, null), result);
        Assert.Equal(2, calls);
        await using var db = database.CreateDbContext();
        var market = await db.TaoMarketSnapshots.SingleAsync();
        Assert.Equal((SnapshotSources.CoinGecko, 322.13m, 3331036762m, 6764616983m, 10340832.6260981m),
            (market.Source, market.PriceUsd, market.MarketCapUsd!.Value, market.FullyDilutedValuationUsd!.Value, market.CirculatingSupply!.Value));
    }

    [Fact]
    public async Task Taostats_is_off_without_an_api_key()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var host = IngestionHost.Build(database, new Dictionary<string, string?>());
        await using var scope = host.Services.CreateAsyncScope();

        var source = scope.ServiceProvider.GetRequiredService<TaostatsSource>();

        Assert.False(source.Enabled);
        Assert.Contains("API key", source.DisabledReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Taostats_pools_identities_and_price_are_stored_from_the_recorded_samples()
    {
        const string Pools = "/api/dtao/pool/latest/v1";
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet(Pools, () => Respond.Json(UpstreamSamples.Taostats(Pools)));
            app.MapGet("/api/subnet/identity/v1", () => Respond.Json(UpstreamSamples.Taostats("/api/subnet/identity/v1")));
            app.MapGet("/api/price/latest/v1", () => Respond.Json(UpstreamSamples.Taostats("/api/price/latest/v1")));
        });
        await using var database = await TestDatabase.CreateAsync();
        using var host = IngestionHost.Build(database, new Dictionary<string, string?>
        {
            ["Sources:Taostats:BaseUrl"] = server.BaseAddress.ToString(),
            ["Sources:Taostats:ApiKey"] = "tao-key",
        });

        var result = await host.RunOnceAsync<TaostatsSource>();

        Assert.Equal(RunOutcome.Succeeded, result.Outcome);
        Assert.All(server.Requests, r => Assert.Equal("tao-key", r.Headers["Authorization"]));
        var samplePools = UpstreamSamples.Taostats(Pools)["data"]!.AsArray();
        await using var db = database.CreateDbContext();
        var snapshots = await db.SubnetSnapshots.Where(s => s.Source == SnapshotSources.Taostats).OrderBy(s => s.Netuid).ToListAsync();
        Assert.Equal(samplePools.Count, snapshots.Count);
        var first = samplePools.OrderBy(p => (int)p!["netuid"]!).First()!;
        // Taostats sends up to 20 decimals; the column keeps 18.
        Assert.Equal(decimal.Round(decimal.Parse((string)first["price"]!, System.Globalization.CultureInfo.InvariantCulture), 18), snapshots[0].AlphaPriceTao);
        Assert.Equal(long.Parse((string)first["alpha_in_pool"]!, System.Globalization.CultureInfo.InvariantCulture), snapshots[0].AlphaInPoolRao);
        Assert.Equal(322.124618259631m, (await db.TaoMarketSnapshots.SingleAsync()).PriceUsd);
    }
}
