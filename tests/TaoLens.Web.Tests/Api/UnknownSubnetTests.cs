using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TaoLens.Web.Features.Valuation;
using TaoLens.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaoLens.Web.Tests.Api;

// Measures the whole process's memory: run alone.
[CollectionDefinition(nameof(UnknownSubnetTests), DisableParallelization = true)]
[Collection(nameof(UnknownSubnetTests))]
public sealed class UnknownSubnetTests(ITestOutputHelper output)
{
    private static readonly string[] s_routes = ["/api/v1/subnets/{0}", "/api/v1/subnets/{0}/series?metric=taoPerDay", "/subnets/{0}"];

    [Fact]
    public async Task A_series_for_an_unknown_subnet_is_a_404_problem_like_its_detail()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        var response = await app.CreateClient().GetAsync(new Uri("/api/v1/subnets/4242/series?metric=taoPerDay&from=2025-10-01&to=2025-10-27", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_series_asked_for_before_its_subnet_is_registered_is_found_once_the_write_commits()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        var client = app.CreateClient();
        var uri = new Uri("/api/v1/subnets/4242/series?metric=taoPerDay&from=2025-10-01&to=2025-10-27", UriKind.Relative);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(uri)).StatusCode);

        // The known netuids are kept per database snapshot: the write that adds SN4242 moves it on.
        await using (var db = app.Database.CreateDbContext())
        {
            var at = new DateTimeOffset(2025, 10, 27, 12, 0, 0, TimeSpan.Zero);
            db.Subnets.Add(new TaoLens.Data.Subnets.Subnet { Netuid = 4242, Name = "late", FirstSeenAt = at, LastSeenAt = at });
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(uri)).StatusCode);
    }

    [Fact]
    public async Task A_request_for_an_unknown_netuid_runs_no_engine()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        using var runs = new EngineRuns(app.Services.GetRequiredService<IMeterFactory>());
        var client = app.CreateClient();

        foreach (var route in s_routes)
        {
            var response = await client.GetAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, route, 4242), UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Equal(0, runs.Count);
        // The same requests for a known subnet do run it: the count would have seen a run.
        foreach (var route in s_routes)
        {
            (await client.GetAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, route, 64), UriKind.Relative))).EnsureSuccessStatusCode();
        }

        Assert.True(runs.Count > 0);
    }

    [Fact]
    public async Task Ten_thousand_unknown_netuids_grow_neither_the_caches_nor_memory()
    {
        // One client sending 10,000 requests: without the rate limiter, which would refuse most of them.
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true, settings: new Dictionary<string, string> { ["RateLimiting:Enabled"] = "false" });
        var client = app.CreateClient();
        var cache = app.Services.GetRequiredService<ValuationCache>();
        // Known subnets first, so the caches hold what a running site holds and start-up allocations are done.
        foreach (var route in s_routes)
        {
            (await client.GetAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, route, 64), UriKind.Relative))).EnsureSuccessStatusCode();
        }

        var (latest, series) = (cache.LatestCount, cache.SeriesCount);
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var statuses = new HashSet<HttpStatusCode>();
        // Netuids 10,000..19,999: none exists; the three routes take turns.
        await Parallel.ForEachAsync(Enumerable.Range(10_000, 10_000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (netuid, cancellationToken) =>
        {
            var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, s_routes[netuid % s_routes.Length], netuid);
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative), cancellationToken);
            lock (statuses)
            {
                statuses.Add(response.StatusCode);
            }
        });

        var after = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"Managed memory before {before / 1024} KB, after {after / 1024} KB, grew {(after - before) / 1024} KB over 10,000 requests.");
        Assert.Equal([HttpStatusCode.NotFound], statuses);
        // Never more entries; fewer when a write elsewhere on the cluster moved the snapshot and a request dropped the stale ones.
        Assert.True(cache.LatestCount <= latest && cache.SeriesCount <= series, $"latest {latest} → {cache.LatestCount}, series {series} → {cache.SeriesCount}");
        Assert.True(after - before < 50L * 1024 * 1024, $"managed memory grew by {(after - before) / (1024 * 1024)} MB");
    }

    /// <summary>Counts the engine's runs in one app, from its own meter factory (other apps in this process are not counted).</summary>
    private sealed class EngineRuns : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public EngineRuns(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == ValuationMetrics.ComputationsName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
