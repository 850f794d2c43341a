using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TaoLens.Web.Tests.Accounts;
using TaoLens.Web.Tests.Hardening;
using static TaoLens.Web.Tests.Accounts.AccountsHost;
using static TaoLens.Web.Tests.Views.ViewsHost;

namespace TaoLens.Web.Tests.Views;

/// <summary>Public share links: opened signed out, read-only, the view's name and team name and nothing else of the team.</summary>
public sealed class ShareLinkTests(ViewsHost fixture) : IClassFixture<ViewsHost>
{
    [Fact]
    public async Task A_share_link_opens_signed_out_with_the_view_name_and_team_name_and_nothing_else_of_the_team()
    {
        var admin = await fixture.PersonAsync("share-admin@example.com");
        var team = await CreateTeamAsync(admin, "Research desk");
        var id = await SaveIdAsync(admin, new { name = "Desk watchlist", description = "what we follow", page = "overview", state = "netuids=4,64&sort=netuid&dir=asc", visibility = "team", teamId = team });
        await SaveIdAsync(admin, new { name = "Secret other view", page = "overview", state = "", visibility = "team", teamId = team });
        var (_, token, url) = await ShareAsync(admin, id);
        using var anonymous = fixture.Anonymous();

        using var response = await anonymous.GetAsync(Url($"/v/{token}"));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith($"/v/{token}", url, StringComparison.Ordinal);
        Assert.True(token.Length >= 43, "at least 256 bits, base64url");
        Assert.Contains("Shared view: <strong>Desk watchlist</strong>", page, StringComparison.Ordinal);
        Assert.Contains("team Research desk", page, StringComparison.Ordinal);
        Assert.Contains("<caption>2 of ", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret other view", page, StringComparison.Ordinal);
        Assert.DoesNotContain("share-admin@example.com", page, StringComparison.Ordinal);
        // Read-only: no save form, no filter form, nothing that posts.
        Assert.DoesNotContain("method=\"post\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("role=\"search\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_or_expired_link_is_a_404_page_like_a_link_that_never_existed()
    {
        var owner = await fixture.PersonAsync("share-revoke@example.com");
        var id = await SaveIdAsync(owner, new { name = "Short lived", page = "compare", state = "netuids=3,64" });
        var (revokedId, revoked, _) = await ShareAsync(owner, id);
        var (expiredId, expired, _) = await ShareAsync(owner, id, new { expiresAt = DateTimeOffset.UtcNow.AddDays(1) });
        var (_, kept, _) = await ShareAsync(owner, id);
        using var anonymous = fixture.Anonymous();
        using (var before = await anonymous.GetAsync(Url($"/v/{revoked}")))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var revoke = await owner.DeleteAsync(Url($"/api/v1/views/{id}/links/{revokedId}")))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        await using (var db = fixture.Host.App.Database.CreateDbContext())
        {
            await db.ViewShareLinks.Where(l => l.Id == expiredId).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        foreach (var token in new[] { revoked, expired, "never-made-" + Guid.NewGuid().ToString("N") })
        {
            using var response = await anonymous.GetAsync(Url($"/v/{token}"));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("<h1>Not found</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var stillWorks = await anonymous.GetAsync(Url($"/v/{kept}"));
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
        using var listed = await owner.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/views/{id}"));
        Assert.Equal([false, false, true], listed!.RootElement.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("active").GetBoolean()));
    }

    [Fact]
    public async Task A_link_can_also_be_revoked_by_its_token_and_expiry_must_be_in_the_future()
    {
        var owner = await fixture.PersonAsync("share-token@example.com");
        var id = await SaveIdAsync(owner, new { name = "By token", page = "overview", state = "" });
        var (_, token, _) = await ShareAsync(owner, id);

        using var past = await owner.PostAsJsonAsync(Url($"/api/v1/views/{id}/links"), new { expiresAt = DateTimeOffset.UtcNow.AddDays(-1) });
        using var revoke = await owner.DeleteAsync(Url($"/api/v1/views/{id}/links/{token}"));
        using var anonymous = fixture.Anonymous();
        using var opened = await anonymous.GetAsync(Url($"/v/{token}"));

        await Problems.AssertProblemAsync(past, 400);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, opened.StatusCode);
    }

    [Fact]
    public async Task A_subnet_view_shared_opens_its_page_with_the_saved_range()
    {
        var owner = await fixture.PersonAsync("share-subnet@example.com");
        var id = await SaveIdAsync(owner, new { name = "SN64 October", page = "subnet", state = "netuid=64&from=2025-10-01&to=2025-10-20&side=alpha" });
        var (_, token, _) = await ShareAsync(owner, id);
        using var anonymous = fixture.Anonymous();

        var page = await anonymous.GetStringAsync(Url($"/v/{token}"));

        Assert.Contains("Shared view: <strong>SN64 October</strong>", page, StringComparison.Ordinal);
        Assert.Contains("SN64", page, StringComparison.Ordinal);
        Assert.Contains("subsidy alpha side", page, StringComparison.Ordinal);
        Assert.Contains("2025-10-20", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_anonymous_read_off_a_share_link_still_opens_signed_out_while_the_pages_ask_to_sign_in()
    {
        await using var host = await AccountsHost.StartAsync(new Dictionary<string, string?> { ["Access:AnonymousRead"] = "false" });
        using (var registered = await host.RegisterAsync("closed-admin@example.com"))
        {
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        }

        var admin = await SignInAsync(host, "closed-admin@example.com");
        var id = await SaveIdAsync(admin, new { name = "Closed instance view", page = "overview", state = "" });
        var (_, token, _) = await ShareAsync(admin, id);
        using var anonymous = NoRedirects(host);

        using var shared = await anonymous.GetAsync(Url($"/v/{token}"));
        using var overview = await anonymous.GetAsync(Url("/"));
        using var missing = await anonymous.GetAsync(Url("/v/not-a-token"));

        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        Assert.Contains("Closed instance view", await shared.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, overview.StatusCode);
        Assert.Contains("/account/sign-in", overview.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
