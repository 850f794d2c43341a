using Microsoft.Playwright;
using TaoLens.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaoLens.EndToEnd.Tests;

/// <summary>
/// The reference data on a private instance (anonymous read off) of its own: these tests register its first account,
/// which would change every other test's app.
/// </summary>
public sealed class ViewsAppFixture : IAsyncLifetime
{
    private KestrelAppFactory? _app;

    public KestrelAppFactory App => _app ?? throw new InvalidOperationException("The app has not been started.");

    public async Task InitializeAsync() =>
        _app = await KestrelAppFactory.StartAsync(referenceData: true, settings: new Dictionary<string, string> { ["Access:AnonymousRead"] = "false" });

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

[Collection(BrowserSuite.Name)]
public sealed class SavedViewFlowTests(ChromiumFixture chromium, ViewsAppFixture app, ITestOutputHelper output) : IClassFixture<ViewsAppFixture>
{
    [Fact]
    public async Task A_shared_subnet_view_draws_its_charts_for_a_signed_out_visitor_of_a_private_instance()
    {
        await using var session = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        await SignInAsAdminAsync(session.Page);
        var saved = await session.Page.APIRequest.PostAsync("/api/v1/views", new()
        {
            DataObject = new { name = "SN64 in October", page = "subnet", state = "netuid=64&from=2025-10-01&to=2025-10-27&window=7" },
        });
        Assert.True(saved.Ok, await saved.TextAsync());
        var id = (await saved.JsonAsync())!.Value.GetProperty("id").GetGuid();
        var link = await session.Page.APIRequest.PostAsync($"/api/v1/views/{id}/links", new() { DataObject = new { } });
        var url = (await link.JsonAsync())!.Value.GetProperty("url").GetString()!;

        await using var stranger = await PageSession.OpenAsync(chromium.Browser, app.App.BaseAddress, output);
        await stranger.Page.GotoAsync(url);

        await Expect(stranger.Page.GetByRole(AriaRole.Note, new() { Name = "Shared view" })).ToContainTextAsync("SN64 in October");
        await Charts.WaitUntilDrawnAsync(stranger.Page);
        await stranger.ScreenshotAsync("views-shared-subnet");
        stranger.AssertNoErrors();
    }

    /// <summary>
    /// Signs in as the instance's admin (the first account on an empty instance), registering it if no earlier test of
    /// this class did; the session cookie lands in the page's browser context.
    /// </summary>
    private static async Task SignInAsAdminAsync(IPage page)
    {
        var account = new { email = "analyst@example.com", password = "correct horse battery" };
        if (!(await page.APIRequest.PostAsync("/api/v1/auth/login?useCookies=true", new() { DataObject = account })).Ok)
        {
            Assert.True((await page.APIRequest.PostAsync("/api/v1/auth/register", new() { DataObject = account })).Ok);
            Assert.True((await page.APIRequest.PostAsync("/api/v1/auth/login?useCookies=true", new() { DataObject = account })).Ok);
        }
    }
}
