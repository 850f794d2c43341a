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

    [Fact]
    public async Task The_digest_page_shows_a_followed_watchlist_as_the_mail_does()
    {
        await using var app = await KestrelAppFactory.StartAsync(referenceData: true);
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.BaseAddress, output);
        var page = session.Page;
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Email").FillAsync("reader@example.com");
        await page.GetByLabel("Password").FillAsync("correct horse battery");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Your teams");

        // The browser's own session calls the API, as a script on the page would.
        var saved = await page.APIRequest.PostAsync("/api/v1/views", new() { DataObject = new { name = "Compute watch", page = "overview", state = "netuids=4,64", visibility = "private" } });
        Assert.Equal(201, saved.Status);
        var view = (await saved.JsonAsync())!.Value.GetProperty("id").GetGuid();
        var subscribed = await page.APIRequest.PutAsync("/api/v1/me/digest", new() { DataObject = new { enabled = true, viewIds = new[] { view } } });
        Assert.Equal(200, subscribed.Status);

        await page.GotoAsync("/digest");

        var preview = page.GetByRole(AriaRole.Region, new() { Name = "The digest as mailed" });
        await Expect(preview.GetByRole(AriaRole.Heading, new() { Name = "The network" })).ToBeVisibleAsync();
        await Expect(preview.GetByRole(AriaRole.Heading, new() { Name = "Compute watch" })).ToBeVisibleAsync();
        await Expect(preview.GetByText("subnets SN4, SN64", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(preview.GetByRole(AriaRole.Link, new() { Name = "SN64", Exact = false })).ToBeVisibleAsync();
        await Expect(page.GetByText("Mail is off on this TaoLens", new() { Exact = false })).ToBeVisibleAsync();
        await session.ScreenshotAsync("digest");
        session.AssertNoErrors();
    }
}
