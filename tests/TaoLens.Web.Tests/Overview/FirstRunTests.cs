using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;
using TaoLens.Testing;
using TaoLens.Web.Tests.Infrastructure;

namespace TaoLens.Web.Tests.Overview;

/// <summary>docs/metrics.md, "Fallback window" and "As of": figures from the first live snapshot on.</summary>
public sealed class FirstRunTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);

    // One live chain snapshot of three subnets today (0.01, 0.02, 0.03 TAO per block: 72, 144, 216 TAO a day).
    private static async Task SeedAsync(TestDatabase database, DateTimeOffset snapshotAt, DateTimeOffset priceAt, decimal price)
    {
        await using var db = database.CreateDbContext();
        foreach (var netuid in new[] { 1, 2, 3 })
        {
            db.Subnets.Add(new Subnet { Netuid = netuid, Name = $"subnet {netuid}", FirstSeenAt = snapshotAt, LastSeenAt = snapshotAt });
            db.SubnetSnapshots.Add(new SubnetSnapshot { Netuid = netuid, ObservedAt = snapshotAt, Source = SnapshotSources.Chain, TaoInEmissionRao = 10_000_000L * netuid });
        }

        db.TaoMarketSnapshots.Add(new TaoMarketSnapshot { ObservedAt = priceAt, Source = SnapshotSources.CoinGecko, PriceUsd = price });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task With_only_todays_live_snapshot_the_overview_shows_every_subnets_run_rate_subsidy_in_usd()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false, new FakeTimeProvider(Now));
        await SeedAsync(app.Database, Now.AddHours(-1), Now.AddMinutes(-30), 400m);

        var html = await app.CreateClient().GetStringAsync(new Uri("/", UriKind.Relative));

        // 72, 144 and 216 TAO a day × $400 × 365.
        Assert.Contains("$10,512,000", html, StringComparison.Ordinal);
        Assert.Contains("$21,024,000", html, StringComparison.Ordinal);
        Assert.Contains("$31,536,000", html, StringComparison.Ordinal);
        Assert.Contains("1-day run-rate; the 30-day window needs 24 days of data", html, StringComparison.Ordinal);
        Assert.Contains("as of 2026-11-20", html, StringComparison.Ordinal);
        Assert.DoesNotContain("too few days in the window", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_keeps_the_strict_window_and_adds_the_fallback_beside_it()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false, new FakeTimeProvider(Now));
        await SeedAsync(app.Database, Now.AddHours(-1), Now.AddMinutes(-30), 400m);
        var client = app.CreateClient();

        using var subnets = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/subnets?window=30", UriKind.Relative)));
        using var network = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/network?window=30", UriKind.Relative)));
        using var runRate = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/network?window=1", UriKind.Relative)));

        var first = subnets.RootElement.EnumerateArray().First();
        Assert.Equal("windowIncomplete", first.GetProperty("annualisedSubsidyUsd").GetProperty("reason").GetString());
        var fallback = first.GetProperty("fallback");
        Assert.Equal(1, fallback.GetProperty("windowDays").GetInt32());
        Assert.Equal(24, fallback.GetProperty("requiredDays").GetInt32());
        Assert.Equal(10_512_000m, fallback.GetProperty("annualisedSubsidyUsd").GetProperty("base").GetDecimal());
        // The network: (72 + 144 + 216) × 400 × 365 = $63,072,000, strict figure missing, fallback and window=1 agree.
        Assert.Equal("windowIncomplete", network.RootElement.GetProperty("annualisedSubsidyUsd").GetProperty("reason").GetString());
        Assert.Equal(63_072_000m, network.RootElement.GetProperty("fallback").GetProperty("annualisedSubsidyUsd").GetProperty("base").GetDecimal());
        Assert.Equal(63_072_000m, runRate.RootElement.GetProperty("annualisedSubsidyUsd").GetProperty("base").GetDecimal());
        Assert.True(!runRate.RootElement.TryGetProperty("fallback", out var none) || none.ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task The_headline_is_as_of_the_latest_ended_day_and_the_price_card_shows_the_newest_quote_and_its_time()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false, new FakeTimeProvider(Now));
        // Emission data yesterday (with that day's $400) and a few minutes after midnight today; the newest price $450 today.
        await SeedAsync(app.Database, Now.AddDays(-1), Now.AddDays(-1), 400m);
        await using (var db = app.Database.CreateDbContext())
        {
            db.SubnetSnapshots.Add(new SubnetSnapshot { Netuid = 1, ObservedAt = new DateTimeOffset(2026, 11, 20, 0, 5, 0, TimeSpan.Zero), Source = SnapshotSources.Chain, TaoInEmissionRao = 10_000_000 });
            db.TaoMarketSnapshots.Add(new TaoMarketSnapshot { ObservedAt = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), Source = SnapshotSources.CoinGecko, PriceUsd = 450m });
            await db.SaveChangesAsync();
        }

        var html = await app.CreateClient().GetStringAsync(new Uri("/", UriKind.Relative));
        using var network = JsonDocument.Parse(await app.CreateClient().GetStringAsync(new Uri("/api/v1/network", UriKind.Relative)));

        Assert.Contains("Network as of 2026-11-19", html, StringComparison.Ordinal);
        Assert.Contains("$450.00", html, StringComparison.Ordinal);
        Assert.Contains("at 2026-11-20 10:00 UTC", html, StringComparison.Ordinal);
        Assert.Equal("2026-11-19", network.RootElement.GetProperty("asOf").GetString());
        Assert.Equal(450m, network.RootElement.GetProperty("taoPriceUsd").GetProperty("base").GetDecimal());
        // Yesterday's run-rate at yesterday's price: 432 TAO × $400 × 365.
        Assert.Equal(63_072_000m, network.RootElement.GetProperty("fallback").GetProperty("annualisedSubsidyUsd").GetProperty("base").GetDecimal());
    }
}
