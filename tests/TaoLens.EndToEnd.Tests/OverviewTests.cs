using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TaoLens.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaoLens.EndToEnd.Tests;

[Collection(BrowserSuite.Name)]
public sealed partial class OverviewTests(ChromiumFixture chromium, ReferenceAppFixture app, ITestOutputHelper output)
{
    private const int ReferenceSubnets = 129;
    private const string RatioHeader = "Subsidy ÷ revenue";

    [Fact]
    public async Task Clicking_the_ratio_header_sorts_by_it_with_missing_figures_last()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;
        await page.GotoAsync("/");
        await Expect(Rows(page)).ToHaveCountAsync(ReferenceSubnets);
        await session.ScreenshotAsync("overview");

        await RatioHeaderLink(page).ClickAsync();

        await page.WaitForURLAsync(SortedByRatio());
        var header = RatioHeaderCell(page);
        await Expect(header).ToHaveAttributeAsync("aria-sort", AscendingOrDescending());
        await Expect(Rows(page)).ToHaveCountAsync(ReferenceSubnets);
        var descending = await header.GetAttributeAsync("aria-sort") == "descending";
        var values = await ColumnValuesAsync(page, RatioHeader);
        var present = values.TakeWhile(v => v is not null).Select(v => v!.Value).ToList();
        Assert.True(present.Count >= 2, $"Only {present.Count} subnet(s) have a ratio, so the order proves nothing.");
        Assert.All(values.Skip(present.Count), v => Assert.Null(v));
        Assert.Equal(descending ? present.OrderDescending() : present.Order(), present);
        await session.ScreenshotAsync("overview-sorted");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task The_overview_opens_with_the_network_chart_drawn_from_the_reference_data()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;
        await page.GotoAsync("/");

        await Charts.WaitUntilDrawnAsync(page);

        var chart = page.Locator("figure.network-chart");
        Assert.True(
            await chart.EvaluateAsync<bool>("f => !!(f.compareDocumentPosition(document.querySelector('table.leaderboard')) & Node.DOCUMENT_POSITION_FOLLOWING)"),
            "The network chart is not before the table.");
        var names = await Charts.TraceNamesAsync(page);
        Assert.Contains("1×: subsidy = revenue", names);
        Assert.Contains("No revenue data", names);
        // One marker a subnet the summary counts: nothing drawn that the text alternative leaves out, or the reverse.
        var summary = await chart.Locator("figcaption .summary").TextContentAsync() ?? "";
        var drawn = int.Parse(DrawnCount().Match(summary).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(drawn > 100, summary);
        await Expect(chart.Locator(".scatterlayer .trace path.point")).ToHaveCountAsync(drawn);
        // SN64 has the test's $12M run-rate, so it sits in the plot, not the strip; its hover names it with its figures.
        var hover = await Charts.HoverPointAsync(page, "network-chart", "64");
        Assert.Contains("SN64 chutes", hover, StringComparison.Ordinal);
        Assert.Contains("External revenue: $12,000,000 a year", hover, StringComparison.Ordinal);
        await session.ScreenshotAsync("overview-chart");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task The_sort_link_is_reached_with_tab_and_followed_with_enter()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;
        await page.GotoAsync("/");
        await Expect(Rows(page)).ToHaveCountAsync(ReferenceSubnets);

        // Tab from the top of the page as a keyboard user would, up to a bound, until the header link has focus.
        var reached = false;
        for (var i = 0; i < 80 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await RatioHeaderLink(page).EvaluateAsync<bool>("a => document.activeElement === a");
        }

        Assert.True(reached, $"Tab never reached the '{RatioHeader}' header link.");
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(SortedByRatio());
        await Expect(RatioHeaderCell(page)).ToHaveAttributeAsync("aria-sort", AscendingOrDescending());
        session.AssertNoErrors();
    }

    [Fact]
    public async Task The_overview_csv_link_downloads_every_subnet()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;
        await page.GotoAsync("/");

        var lines = await DownloadLinesAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "CSV", Exact = true }));

        Assert.StartsWith("netuid,name,", lines[0], StringComparison.Ordinal);
        Assert.Equal(ReferenceSubnets, lines.Length - 1);
        session.AssertNoErrors();
    }

    [Fact]
    public async Task The_subnet_page_csv_link_downloads_its_daily_series()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;
        await page.GotoAsync("/subnets/64");
        // Charts first, as a reader would see them (leaving before they are drawn has its own test).
        await Charts.WaitUntilDrawnAsync(page);

        var lines = await DownloadLinesAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "subsidy series (CSV)" }));

        Assert.Equal("date,low,base,high,reason,notes", lines[0]);
        // One row a day, consecutive: a missing day is a row with a reason, not an absent row.
        var days = lines.Skip(1).Select(line => DateOnly.ParseExact(line[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(days);
        Assert.Equal(days.Count - 1, days[^1].DayNumber - days[0].DayNumber);
        session.AssertNoErrors();
    }

    private static ILocator Rows(IPage page) => page.Locator("table.leaderboard tbody tr");

    private static ILocator RatioHeaderLink(IPage page) =>
        page.Locator("table.leaderboard thead").GetByRole(AriaRole.Link, new() { Name = RatioHeader, Exact = true });

    private static ILocator RatioHeaderCell(IPage page) =>
        page.Locator("table.leaderboard thead th").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = RatioHeader, Exact = true }) });

    /// <summary>The column's figures top to bottom: the exact value from each cell's title, null for a missing figure (—).</summary>
    private static async Task<List<decimal?>> ColumnValuesAsync(IPage page, string header)
    {
        var titles = await page.EvaluateAsync<string?[]>(
            """
            header => {
                const table = document.querySelector('table.leaderboard');
                const index = [...table.tHead.rows[0].cells].findIndex(th => th.textContent.trim() === header);
                return [...table.tBodies[0].rows].map(row => row.cells[index].querySelector('span[title]:not(.na)')?.title ?? null);
            }
            """,
            header);
        return [.. titles.Select(t => t is null ? (decimal?)null : decimal.Parse(t.Split(' ')[0], CultureInfo.InvariantCulture))];
    }

    private static async Task<string[]> DownloadLinesAsync(IPage page, ILocator link)
    {
        IDownload download;
        try
        {
            download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync(), new() { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            // Say where the link led instead: a link that answers with a page (JSON, HTML) starts no download.
            Assert.Fail($"Clicking {link} started no download; the browser shows {page.Url}.");
            throw;
        }

        return [.. (await File.ReadAllLinesAsync(await download.PathAsync())).Where(line => line.Length > 0)];
    }

    [GeneratedRegex(@"^([0-9,]+) subnets;")]
    private static partial Regex DrawnCount();

    [GeneratedRegex("[?&]sort=subsidyToRevenue(&|$)")]
    private static partial Regex SortedByRatio();

    [GeneratedRegex("^(ascending|descending)$")]
    private static partial Regex AscendingOrDescending();
}
