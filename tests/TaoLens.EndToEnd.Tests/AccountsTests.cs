using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TaoLens.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaoLens.EndToEnd.Tests;

/// <summary>
/// The team layer's journey in Chromium on a team deployment (<c>Access:AnonymousRead=false</c>) of its own: the first
/// account becomes admin, creates a team and invites a colleague, who joins through the link and saves a team view; a
/// member of another team cannot open it; its share link opens signed out, read-only, until it is revoked.
/// </summary>
[Collection(BrowserSuite.Name)]
public sealed partial class AccountsTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task A_team_view_is_shared_with_its_team_and_by_link_but_not_with_another_team()
    {
        await using var app = await KestrelAppFactory.StartAsync(referenceData: true, settings: new Dictionary<string, string> { ["Access:AnonymousRead"] = "false" });

        // A signed-out visitor to the overview is sent to sign-in, and registers the instance's first account: its admin.
        await using var admin = await PageSession.OpenAsync(chromium.Browser, app.BaseAddress, output);
        var page = admin.Page;
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(SignIn());
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await admin.ScreenshotAsync("accounts-sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        // The sign-in page has an Email field too: wait for the register page before filling.
        await Expect(page.Locator("h1")).ToHaveTextAsync("Create an account");
        await page.GetByLabel("Email").FillAsync("boss@example.com");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Your teams");

        await CreateTeamAsync(page, "Research desk");
        var invitation = await InviteAsync(page, "analyst@example.com", "editor");
        await admin.ScreenshotAsync("accounts-team-invitation");
        // Signed in, the interactive charts' circuit connects under the private mode's fallback policy.
        await page.GotoAsync("/subnets/64");
        await Charts.WaitUntilDrawnAsync(page);

        // The colleague joins through the link the admin was shown.
        await using var colleague = await JoinAsync(app, invitation, "Research desk");
        await Expect(colleague.Page.GetByText("Your role: editor")).ToBeVisibleAsync();

        // ... and saves a watchlist for the team: the page's bar saves privately, "more options" chooses the team.
        var own = colleague.Page;
        await own.GotoAsync("/?netuids=3,4,64&sort=netuid&dir=asc");
        await own.GetByLabel("Save this view as").FillAsync("Compute watchlist");
        await colleague.ScreenshotAsync("views-save-form");
        await own.GetByRole(AriaRole.Link, new() { Name = "more options" }).ClickAsync();
        await Expect(own.Locator("h1")).ToHaveTextAsync("Save view");
        await own.GetByLabel("Name").FillAsync("Compute watchlist");
        await own.GetByLabel("Who sees it").SelectOptionAsync(new SelectOptionValue { Label = "team Research desk" });
        await colleague.ScreenshotAsync("views-save-dialog");
        await own.GetByRole(AriaRole.Button, new() { Name = "Save view" }).ClickAsync();
        await own.WaitForURLAsync(SavedOverview());
        await Expect(own.GetByRole(AriaRole.Note, new() { Name = "Saved view" })).ToContainTextAsync("Compute watchlist");
        await Expect(own.Locator("table.leaderboard caption")).ToContainTextAsync("3 of ");
        var viewId = SavedOverview().Match(own.Url).Groups["id"].Value;

        // The views list names the team; the view opens from it; a share link is made there.
        await own.GotoAsync("/views");
        var item = own.Locator("li.view", new() { HasText = "Compute watchlist" });
        await Expect(item.Locator(".view-meta")).ToContainTextAsync("team Research desk");
        await item.GetByText("Rename, share").ClickAsync();
        await colleague.ScreenshotAsync("views-list");
        await own.GetByRole(AriaRole.Link, new() { Name = "Compute watchlist" }).ClickAsync();
        await own.WaitForURLAsync(SavedOverview());
        await own.GotoAsync("/views");
        await item.GetByText("Rename, share").ClickAsync();
        await item.GetByRole(AriaRole.Button, new() { Name = "Create share link" }).ClickAsync();
        var link = await own.GetByLabel("Share link").InputValueAsync();
        Assert.Matches(ShareLink(), link);

        // A member of another team of the same instance does not see it, and opening it by its address is a 404 page.
        await CreateTeamAsync(page, "Trading desk");
        var otherInvitation = await InviteAsync(page, "trader@example.com", "editor");
        admin.AssertNoErrors();
        await using var trader = await JoinAsync(app, otherInvitation, "Trading desk");
        await trader.Page.GotoAsync("/views");
        await Expect(trader.Page.Locator("h1")).ToHaveTextAsync("Saved views");
        await Expect(trader.Page.Locator("li.view")).ToHaveCountAsync(0);
        var refused = await trader.Page.GotoAsync($"/views/{viewId}");
        Assert.Equal(404, refused!.Status);
        await Expect(trader.Page.Locator("h1")).ToHaveTextAsync("Not found");

        // Signed out (a fresh context, no cookies), the share link shows the view read-only with its name and team.
        await using var stranger = await PageSession.OpenAsync(chromium.Browser, app.BaseAddress, output);
        await stranger.Page.GotoAsync(link);
        var shared = stranger.Page.GetByRole(AriaRole.Note, new() { Name = "Shared view" });
        await Expect(shared).ToContainTextAsync("Compute watchlist");
        await Expect(shared).ToContainTextAsync("team Research desk");
        await Expect(shared).ToContainTextAsync("read-only");
        await Expect(stranger.Page.Locator("table.leaderboard caption")).ToContainTextAsync("3 of ");
        await Expect(stranger.Page.Locator("form[method=post]")).ToHaveCountAsync(0);
        await Charts.WaitUntilDrawnAsync(stranger.Page);
        await stranger.ScreenshotAsync("views-shared");
        stranger.AssertNoErrors();

        // The colleague revokes the link on the views list: the link is a 404 page from then on.
        await own.GotoAsync("/views");
        await item.GetByText("Rename, share").ClickAsync();
        await item.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(own.Locator("p.notice.done")).ToContainTextAsync("Link revoked");
        colleague.AssertNoErrors();
        var revoked = await stranger.Page.GotoAsync(link);
        Assert.Equal(404, revoked!.Status);
        await Expect(stranger.Page.Locator("h1")).ToHaveTextAsync("Not found");

        // The link opened nothing else: the private instance's overview still sends the stranger to sign-in.
        await stranger.Page.GotoAsync("/");
        await Expect(stranger.Page).ToHaveURLAsync(SignIn());
        await Expect(stranger.Page.Locator("h1")).ToHaveTextAsync("Sign in");
    }

    /// <summary>On the teams page: creates a team (the creator is its admin) and opens it.</summary>
    private static async Task CreateTeamAsync(IPage page, string name)
    {
        await page.GotoAsync("/teams");
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(name);
    }

    /// <summary>On an open team page: invites someone and returns the link the admin is shown.</summary>
    private static async Task<string> InviteAsync(IPage page, string email, string role)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Role").SelectOptionAsync(role);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create invitation link" }).ClickAsync();
        return await page.Locator("code.secret").InnerTextAsync();
    }

    /// <summary>A new person opens the invitation in a browser of their own, chooses a password and lands in the team.</summary>
    private async Task<PageSession> JoinAsync(KestrelAppFactory app, string invitation, string team)
    {
        var session = await PageSession.OpenAsync(chromium.Browser, app.BaseAddress, output);
        await session.Page.GotoAsync(invitation);
        await Expect(session.Page.Locator("h1")).ToHaveTextAsync($"Join {team}");
        await session.Page.GetByLabel("Choose a password").FillAsync(Password);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Create my account and join" }).ClickAsync();
        await Expect(session.Page.Locator("h1")).ToHaveTextAsync(team);
        return session;
    }

    [GeneratedRegex(@"/\?sort=netuid&dir=asc&netuids=3,4,64&view=(?<id>[0-9a-f-]{36})$")]
    private static partial Regex SavedOverview();

    [GeneratedRegex(@"/account/sign-in\?returnUrl=")]
    private static partial Regex SignIn();

    [GeneratedRegex(@"^http://127\.0\.0\.1:\d+/v/[A-Za-z0-9_-]{43}$")]
    private static partial Regex ShareLink();
}
