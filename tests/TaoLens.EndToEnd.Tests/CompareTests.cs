using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TaoLens.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaoLens.EndToEnd.Tests;

[Collection(BrowserSuite.Name)]
public sealed partial class CompareTests(ChromiumFixture chromium, ReferenceAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task The_compare_link_draws_one_line_per_chosen_subnet()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Compare" }).ClickAsync();

        await page.WaitForURLAsync(CompareUrl());
        await Charts.WaitUntilDrawnAsync(page);
        Assert.Equal(["SN3", "SN4", "SN64"], (await Charts.TraceNamesAsync(page)).Order());
        Assert.True(await page.Locator("figure.chart .js-plotly-plot").First.Locator(".scatterlayer .trace").CountAsync() >= 3);
        await session.ScreenshotAsync("compare");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task A_compare_url_with_a_metric_draws_that_metric_for_each_subnet()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;

        await page.GotoAsync("/compare?netuids=3,4,64&metric=subsidyToRevenue");

        await Expect(page.Locator("select[name=metric]")).ToHaveValueAsync("subsidyToRevenue");
        await page.Locator(Charts.Svg).First.WaitForAsync();
        Assert.Equal(["SN3", "SN4", "SN64"], (await Charts.TraceNamesAsync(page)).Order());
        await session.ScreenshotAsync("compare-subsidy-to-revenue");
        session.AssertNoErrors();
    }

    [GeneratedRegex("/compare\\?netuids=3,4,64$")]
    private static partial Regex CompareUrl();
}
