using Microsoft.Playwright;
using TaoLens.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaoLens.EndToEnd.Tests;

/// <summary>Registration subscribes to the weekly digest in the browser's own timezone; the account page shows and changes it.</summary>
[Collection(BrowserSuite.Name)]
public sealed class DigestSubscriptionTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    [Fact]
    public async Task Registering_in_Auckland_subscribes_to_the_digest_in_Auckland_time()
    {
        await using var app = await KestrelAppFactory.StartAsync(referenceData: false);
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.BaseAddress, output, timeZone: "Pacific/Auckland");
        var page = session.Page;

        await page.GotoAsync("/account/register");
        await Expect(page.GetByLabel("Mail me a weekly digest", new() { Exact = false })).ToBeCheckedAsync();
        await page.GetByLabel("Email").FillAsync("kiwi@example.com");
        await page.GetByLabel("Password").FillAsync("correct horse battery");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Your teams");
        await page.GotoAsync("/account#digest");

        await Expect(page.GetByLabel("Send me the weekly digest")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Timezone (IANA name)")).ToHaveValueAsync("Pacific/Auckland");
        await Expect(page.GetByLabel("Time", new() { Exact = true })).ToHaveValueAsync("08:00");
        await Expect(page.GetByText("does not send mail yet (mail is not configured)")).ToBeVisibleAsync();
        await session.ScreenshotAsync("digest-account-settings");
        session.AssertNoErrors();
    }
}
