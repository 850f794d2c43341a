using Microsoft.Playwright;
using TaoLens.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaoLens.EndToEnd.Tests;

/// <summary>Pages on a phone-sized screen: nothing pushes the page wider than the screen; wide tables scroll on their own.</summary>
[Collection(BrowserSuite.Name)]
public sealed class PhoneTests(ChromiumFixture chromium, ReferenceAppFixture app, ITestOutputHelper output)
{
    private static readonly ViewportSize s_phone = new() { Width = 390, Height = 844 };

    [Theory]
    [InlineData("/", "overview-phone")]
    [InlineData("/subnets/64", "subnet-64-phone")]
    [InlineData("/compare?netuids=3,4,64&metric=subsidyToRevenue", "compare-phone")]
    [InlineData("/claims", "claims-phone")]
    public async Task A_page_fits_a_phone_screen_and_its_tables_scroll_within_it(string url, string screenshot)
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output, s_phone);
        var page = session.Page;
        await page.GotoAsync(url);
        await Expect(page.Locator("h1")).ToBeVisibleAsync();
        if (await page.Locator("figure.chart").CountAsync() > 0)
        {
            await Charts.WaitUntilDrawnAsync(page);
        }

        var (pageWidth, screenWidth) = await WidthsAsync(page);
        Assert.True(pageWidth <= screenWidth, $"{url} is {pageWidth}px wide on a {screenWidth}px screen.");
        foreach (var table in await page.Locator("table").AllAsync())
        {
            // A table wider than the screen must sit in a box that scrolls sideways, so the rest of the page stays put.
            var scrolls = await table.EvaluateAsync<bool>(
                "t => t.getBoundingClientRect().width <= document.documentElement.clientWidth || getComputedStyle(t.parentElement).overflowX === 'auto'");
            Assert.True(scrolls, $"A table on {url} is wider than the screen and not in a scrolling box.");
        }

        await session.ScreenshotAsync(screenshot);
        session.AssertNoErrors();
    }

    private static async Task<(int PageWidth, int ScreenWidth)> WidthsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        return (widths[0], widths[1]);
    }
}
