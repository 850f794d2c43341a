using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TaoLens.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaoLens.EndToEnd.Tests;

[Collection(BrowserSuite.Name)]
public sealed partial class SubnetPageTests(ChromiumFixture chromium, ReferenceAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task A_subnet_opened_from_the_leaderboard_draws_its_chart()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;
        await page.GotoAsync("/");

        await page.Locator("table.leaderboard tbody a[href='/subnets/64']").ClickAsync();

        await page.WaitForURLAsync(SubnetUrl());
        await Expect(page.Locator("h1")).ToContainTextAsync("chutes");
        await Charts.WaitUntilDrawnAsync(page);
        Assert.True(await page.Locator("figure.chart .js-plotly-plot .scatterlayer .trace").CountAsync() >= 1);
        await session.ScreenshotAsync("subnet-64");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task A_subnet_registered_inside_the_window_says_so_on_the_leaderboard_and_on_its_page()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;
        await page.GotoAsync("/");

        // SN118's first reference day is 2025-10-21, six days before the as-of day 2025-10-27, inside the 30-day window.
        var badge = page.Locator("table.leaderboard tbody tr:has(a[href='/subnets/118']) .badge.registered");
        await Expect(badge).ToHaveAttributeAsync("title", RegisteredSentence());
        await Expect(badge.Locator(".visually-hidden")).ToHaveTextAsync(RegisteredSentence());
        Assert.StartsWith("registered 6 days ago", await badge.InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("table.leaderboard tbody a[href='/subnets/118']").ClickAsync();

        await page.WaitForURLAsync(Subnet118Url());
        await Expect(page.Locator("h1 .badge.registered")).ToHaveAttributeAsync("title", RegisteredSentence());
        await session.ScreenshotAsync("subnet-118-registered");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task A_chart_hover_says_the_points_notes_in_words()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;
        await page.GotoAsync("/subnets/64");
        await Charts.WaitUntilDrawnAsync(page);

        // The reference data has no chain buys, so SN64's TAO-side subsidy on 2025-10-27 carries excessTaoUnknown.
        // Plotly's own hover on that point, as the mouse would raise it.
        await page.EvaluateAsync(
            """
            () => {
                const gd = document.getElementById('sn64-subsidy');
                const k = gd.data.findIndex(t => t.name === 'Subsidy, TAO side');
                Plotly.Fx.hover(gd, [{ curveNumber: k, pointNumber: gd.data[k].y.length - 1 }]);
            }
            """);

        var hover = page.Locator("#sn64-subsidy .hoverlayer .hovertext", new() { HasText = "Note:" });
        await hover.First.WaitForAsync();
        var text = await hover.First.TextContentAsync() ?? "";
        Assert.Contains("2025-10-27", text, StringComparison.Ordinal);
        Assert.Contains("Note: chain buys (excess TAO) unknown on some days: counts tao_in only", text, StringComparison.Ordinal);
        session.AssertNoErrors();
    }

    [GeneratedRegex(@"Registered on 2025-10-21 \(6 days before 2025-10-27\), inside the 30-day window: ")]
    private static partial Regex RegisteredSentence();

    [GeneratedRegex(@"/subnets/118$")]
    private static partial Regex Subnet118Url();

    [Fact]
    public async Task Submitting_a_new_range_puts_it_in_the_url_and_redraws_the_chart_over_it()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;
        await page.GotoAsync("/subnets/64");
        await Charts.WaitUntilDrawnAsync(page);

        // The reference data runs from 2025-09-14 to 2025-10-27, the default range.
        await page.Locator("input[type=date][name=from]").FillAsync("2025-10-01");
        await page.Locator("input[type=date][name=to]").FillAsync("2025-10-20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        await page.WaitForURLAsync(RangeUrl());
        await Charts.WaitUntilDrawnAsync(page);
        var (from, to) = await Charts.WaitForXRangeAsync(page, "2025-10-01", "2025-10-20");
        Assert.StartsWith("2025-10-01", from, StringComparison.Ordinal);
        Assert.StartsWith("2025-10-20", to, StringComparison.Ordinal);
        await Expect(page.Locator("input[name=from]")).ToHaveValueAsync("2025-10-01");
        await session.ScreenshotAsync("subnet-64-range");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Leaving_the_page_and_coming_back_through_history_draws_the_chart_again()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;
        await page.GotoAsync("/subnets/64");
        await Charts.WaitUntilDrawnAsync(page);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Subnets" }).ClickAsync();
        await Expect(page.Locator("table.leaderboard tbody tr").First).ToBeVisibleAsync();
        await Expect(page.Locator(Charts.Svg)).ToHaveCountAsync(0);

        await page.GoBackAsync();
        await page.WaitForURLAsync(SubnetUrl());
        await Charts.WaitUntilDrawnAsync(page);

        await page.GoForwardAsync();
        await Expect(page.Locator("table.leaderboard tbody tr").First).ToBeVisibleAsync();
        await page.GoBackAsync();
        await page.WaitForURLAsync(SubnetUrl());
        await Charts.WaitUntilDrawnAsync(page);
        await Expect(page.Locator("h1")).ToContainTextAsync("chutes");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Leaving_the_page_while_Plotly_is_still_loading_breaks_nothing()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;

        // Plotly's script is held until the reader has left, so the race is the same on every run.
        var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/plotly-3.7.0.min*.js", async route =>
        {
            requested.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });

        await page.GotoAsync("/subnets/64");
        await requested.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // No chart is handed to Plotly before it has loaded: one queued now would be drawn after the reader left.
        await Expect(page.Locator("figure.chart p.loading").First).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("figure.chart .js-plotly-plot, figure.chart div[id^='sn64-']").CountAsync());

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Subnets" }).ClickAsync();
        await Expect(page.Locator("table.leaderboard tbody tr").First).ToBeVisibleAsync();
        release.SetResult();
        await page.WaitForFunctionAsync("() => !!window.Plotly");

        // Coming back draws the charts as usual, and no error surfaced on either page.
        await page.GoBackAsync();
        await page.WaitForURLAsync(SubnetUrl());
        await Charts.WaitUntilDrawnAsync(page);
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        session.AssertNoErrors();
    }

    [GeneratedRegex("/subnets/64$")]
    private static partial Regex SubnetUrl();

    [GeneratedRegex("/subnets/64\\?.*from=2025-10-01.*to=2025-10-20")]
    private static partial Regex RangeUrl();
}
