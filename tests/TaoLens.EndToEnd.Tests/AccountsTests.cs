using Microsoft.Playwright;
using TaoLens.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaoLens.EndToEnd.Tests;

/// <summary>
/// A team deployment (<c>Access:AnonymousRead=false</c>) in Chromium: a signed-out visitor is sent to sign-in, the first
/// account becomes admin, creates a team and invites a second person, who joins through the link and lands in the team.
/// </summary>
[Collection(BrowserSuite.Name)]
public sealed class AccountsTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task A_signed_out_visitor_signs_up_as_admin_invites_a_colleague_who_joins_the_team()
    {
        await using var app = await KestrelAppFactory.StartAsync(referenceData: true, settings: new Dictionary<string, string> { ["Access:AnonymousRead"] = "false" });
        await using var admin = await PageSession.OpenAsync(chromium.Browser, app.BaseAddress, output);
        var page = admin.Page;

        await page.GotoAsync("/ingestion");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in\\?returnUrl=%2Fingestion$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await admin.ScreenshotAsync("accounts-sign-in");

        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        // The sign-in page has an Email field too: wait for the register page before filling.
        await Expect(page.Locator("h1")).ToHaveTextAsync("Create an account");
        await page.GetByLabel("Email").FillAsync("boss@example.com");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Your teams");

        await page.GetByLabel("Name").FillAsync("Research desk");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Research desk" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Research desk");
        await page.GetByLabel("Email").FillAsync("analyst@example.com");
        await page.GetByLabel("Role").SelectOptionAsync("editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create invitation link" }).ClickAsync();
        var link = await page.Locator("code.secret").InnerTextAsync();
        await admin.ScreenshotAsync("accounts-team-invitation");
        // Signed in, the interactive charts' circuit connects under the private mode's fallback policy.
        await page.GotoAsync("/subnets/64");
        await Charts.WaitUntilDrawnAsync(page);
        admin.AssertNoErrors();

        await using var colleague = await PageSession.OpenAsync(chromium.Browser, app.BaseAddress, output);
        await colleague.Page.GotoAsync(link);
        await Expect(colleague.Page.Locator("h1")).ToHaveTextAsync("Join Research desk");
        await colleague.Page.GetByLabel("Choose a password").FillAsync(Password);
        await colleague.Page.GetByRole(AriaRole.Button, new() { Name = "Create my account and join" }).ClickAsync();
        await Expect(colleague.Page.Locator("h1")).ToHaveTextAsync("Research desk");
        await Expect(colleague.Page.GetByText("Your role: editor")).ToBeVisibleAsync();

        await colleague.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await colleague.Page.GotoAsync("/");
        await Expect(colleague.Page.Locator("h1")).ToHaveTextAsync("Sign in");
        colleague.AssertNoErrors();
    }
}
