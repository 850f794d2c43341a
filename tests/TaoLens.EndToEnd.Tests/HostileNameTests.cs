using Microsoft.Playwright;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;
using TaoLens.EndToEnd.Tests.Infrastructure;
using TaoLens.Testing;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaoLens.EndToEnd.Tests;

/// <summary>The app over a database holding only subnets whose names are markup (chain metadata is untrusted).</summary>
public sealed class HostileNamesAppFixture : IAsyncLifetime
{
    public const string ImageName = "<img src=x onerror=\"window.__pwned=1\">";
    public const string ScriptName = "Chutes 🚀 <script>window.__pwned=2</script>";

    private KestrelAppFactory? _app;

    public KestrelAppFactory App => _app ?? throw new InvalidOperationException("The app has not been started.");

    public async Task InitializeAsync() => _app = await KestrelAppFactory.StartAsync(referenceData: false, SeedAsync);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static async Task SeedAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var (netuid, name) in new[] { (7, ImageName), (8, ScriptName) })
        {
            db.Subnets.Add(new Subnet { Netuid = netuid, Name = name, FirstSeenAt = now.AddDays(-29), LastSeenAt = now });
        }

        // Thirty days of snapshots and TAO prices give both subnets a USD subsidy, so the overview's chart draws them.
        for (var day = now.AddDays(-29); day <= now; day = day.AddDays(1))
        {
            db.TaoMarketSnapshots.Add(new TaoMarketSnapshot { ObservedAt = day, Source = SnapshotSources.CoinGecko, PriceUsd = 400m, CirculatingSupply = 11_000_000m });
            db.SubnetSnapshots.Add(new SubnetSnapshot { Netuid = 7, ObservedAt = day, Source = SnapshotSources.Chain, TaoInEmissionRao = 10_000_000 });
            db.SubnetSnapshots.Add(new SubnetSnapshot { Netuid = 8, ObservedAt = day, Source = SnapshotSources.Chain, TaoInEmissionRao = 20_000_000 });
        }

        await db.SaveChangesAsync();
    }
}

[Collection(BrowserSuite.Name)]
public sealed class HostileNameTests(ChromiumFixture chromium, HostileNamesAppFixture app, ITestOutputHelper output) : IClassFixture<HostileNamesAppFixture>
{
    [Fact]
    public async Task Markup_in_subnet_names_shows_as_text_on_the_overview_and_the_subnet_page()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;
        await page.GotoAsync("/");

        var table = page.Locator("table.leaderboard");
        await Expect(table).ToContainTextAsync(HostileNamesAppFixture.ImageName);
        await Expect(table).ToContainTextAsync(HostileNamesAppFixture.ScriptName);
        await AssertNotRunAsync(page);
        await session.ScreenshotAsync("hostile-overview");

        await page.GetByRole(AriaRole.Link, new() { Name = HostileNamesAppFixture.ImageName, Exact = true }).ClickAsync();

        await Expect(page.Locator("h1")).ToContainTextAsync(HostileNamesAppFixture.ImageName);
        // The chart island runs too: nothing it renders may run the name either.
        await page.Locator(Charts.Svg).First.WaitForAsync();
        await AssertNotRunAsync(page);
        await session.ScreenshotAsync("hostile-subnet-7");

        await page.GotoAsync("/subnets/8");
        await Expect(page.Locator("h1")).ToContainTextAsync(HostileNamesAppFixture.ScriptName);
        await page.Locator(Charts.Svg).First.WaitForAsync();
        await AssertNotRunAsync(page);
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Markup_in_subnet_names_shows_as_text_in_the_network_charts_hover()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;
        await page.GotoAsync("/");
        await Charts.WaitUntilDrawnAsync(page);

        // Plotly renders markup in hover labels: the names reach it encoded, so each shows as the text it is.
        Assert.Contains($"SN7 {HostileNamesAppFixture.ImageName}", await Charts.HoverPointAsync(page, "network-chart", "7"), StringComparison.Ordinal);
        await AssertNotRunAsync(page);
        Assert.Contains($"SN8 {HostileNamesAppFixture.ScriptName}", await Charts.HoverPointAsync(page, "network-chart", "8"), StringComparison.Ordinal);
        await AssertNotRunAsync(page);
        await session.ScreenshotAsync("hostile-overview-chart");
        session.AssertNoErrors();
    }

    private static async Task AssertNotRunAsync(IPage page)
    {
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__pwned === 'undefined'"), "A subnet name ran as script.");
        Assert.Equal(0, await page.Locator("main img").CountAsync());
    }
}
