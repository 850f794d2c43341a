using TaoLens.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaoLens.EndToEnd.Tests;

/// <summary>A range the charts cannot draw, or a chart island that fails, is said on the page; the circuit lives on.</summary>
[Collection(BrowserSuite.Name)]
public sealed class ChartFailureTests(ChromiumFixture chromium, ReferenceAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task A_range_beyond_the_accepted_dates_says_why_and_draws_the_default_range()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;

        await page.GotoAsync("/subnets/64?to=9999-12-31");

        await Expect(page.Locator("section.charts p[role=alert]")).ToContainTextAsync("To must be between 2000-01-01 and 2100-12-31; got 9999-12-31.");
        await Charts.WaitUntilDrawnAsync(page);
        var (from, to) = await Charts.WaitForXRangeAsync(page, "2025-09-14", "2025-10-27");
        Assert.StartsWith("2025-09-14", from, StringComparison.Ordinal);
        Assert.StartsWith("2025-10-27", to, StringComparison.Ordinal);
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        session.AssertNoErrors();
    }

    [Fact]
    public async Task A_chart_island_that_fails_says_so_on_the_page_instead_of_loading_forever()
    {
        // An app of its own: its database is dropped once the page is served, before the island connects.
        await using var own = await KestrelAppFactory.StartAsync(referenceData: true);
        await using var session = await PageSession.OpenAsync(chromium.Browser, own.BaseAddress, output);
        var page = session.Page;
        var databaseGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/_blazor/negotiate**", async route =>
        {
            await databaseGone.Task;
            await route.ContinueAsync();
        });

        await page.GotoAsync("/subnets/64");
        await Expect(page.Locator("h1")).ToContainTextAsync("chutes");
        await own.Database.DisposeAsync();
        databaseGone.SetResult();

        await Expect(page.Locator("figure.chart p[role=alert]").First).ToContainTextAsync("could not be drawn");
        await Expect(page.Locator("figure.chart p.loading")).ToHaveCountAsync(0);
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        session.AssertNoErrors();
    }
}
