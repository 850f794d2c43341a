using TaoLens.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaoLens.EndToEnd.Tests;

/// <summary>The overview on the reference data, in a browser: real prices, and claims only where they are dated.</summary>
[Collection(BrowserSuite.Name)]
public sealed class ReferenceDataTests(ChromiumFixture chromium, ReferenceAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task The_headline_shows_the_real_tao_price_of_2025_10_27_and_no_no_claim_sentence_when_claims_are_dated_within_the_data()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        var page = session.Page;
        await page.GotoAsync("/");

        // tao_usd_daily_2025-09-30_2025-12-31.csv: 2025-10-27 $404.280085371133, shown in cents.
        await Expect(page.Locator("#network-heading")).ToContainTextAsync("2025-10-27");
        await Expect(page.Locator("section.headline")).ToContainTextAsync("$404.28");
        // The fixture adds run-rates dated 2025-10-01, inside the data: multiples exist, so the sentence is not shown.
        await Expect(page.Locator("p.no-revenue")).ToHaveCountAsync(0);
        session.AssertNoErrors();
    }
}
