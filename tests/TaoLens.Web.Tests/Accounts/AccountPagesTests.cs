using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using static TaoLens.Web.Tests.Accounts.AccountsHost;

namespace TaoLens.Web.Tests.Accounts;

/// <summary>The pages drive the same commands as the API: the flows a person follows, through real forms.</summary>
public sealed partial class AccountPagesTests
{
    [Fact]
    public async Task The_first_admin_registers_on_the_page_creates_a_team_invites_and_the_invitee_joins_on_the_invitation_page()
    {
        await using var host = await StartAsync();
        using var admin = host.Anonymous();

        using var registered = await Forms.PostAsync(admin, "/account/register", "register", new Dictionary<string, string> { ["Email"] = "boss@example.com", ["Password"] = Password });
        Assert.Equal("/teams", LocationPath(registered));
        using var created = await Forms.PostAsync(admin, "/teams", "create-team", new Dictionary<string, string> { ["Name"] = "Research <desk>" });
        var teamsHtml = await created.Content.ReadAsStringAsync();
        Assert.Contains("Research &lt;desk&gt;", teamsHtml, StringComparison.Ordinal);
        var teamPath = TeamLink().Match(teamsHtml).Value;
        using var invited = await Forms.PostAsync(admin, teamPath, "invite", new Dictionary<string, string> { ["Email"] = "analyst@example.com", ["Role"] = "editor" });
        var link = InvitationLink().Match(await invited.Content.ReadAsStringAsync()).Value;
        Assert.False(string.IsNullOrEmpty(link));

        using var invitee = host.Anonymous();
        var invitationPath = new Uri(link).PathAndQuery;
        using var preview = await invitee.GetAsync(Url(invitationPath));
        Assert.Contains("Research &lt;desk&gt;", await preview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var joined = await Forms.PostAsync(invitee, invitationPath, "accept", new Dictionary<string, string> { ["Password"] = Password });
        Assert.Equal(teamPath, LocationPath(joined));
        using var teamPage = await invitee.GetAsync(Url(teamPath));
        var teamHtml = await teamPage.Content.ReadAsStringAsync();
        Assert.Contains("Your role: <strong>editor</strong>", teamHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Audit log", teamHtml, StringComparison.Ordinal);
        using var adminView = await admin.GetAsync(Url(teamPath));
        Assert.Contains("Audit log", await adminView.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var stranger = host.Anonymous();
        using var reused = await stranger.GetAsync(Url(invitationPath));
        Assert.Equal(HttpStatusCode.Gone, reused.StatusCode);
    }

    [Fact]
    public async Task A_team_page_of_another_team_is_404_and_an_expired_invitation_page_is_410()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Accounts:OpenRegistration"] = "true" }, clock);
        using var admin = await host.FirstAdminAsync();
        var team = await CreateTeamAsync(admin, "Secret team");
        var link = await InviteAsync(admin, team, "late@example.com", "viewer");
        using (await host.RegisterAsync("outsider@example.com"))
        {
        }

        using var outsider = await host.SignInAsync("outsider@example.com");
        using var page = await outsider.GetAsync(Url($"/teams/{team}"));
        clock.Advance(TimeSpan.FromDays(8));
        using var expired = await host.Anonymous().GetAsync(Url(new Uri(link).PathAndQuery));

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("Secret team", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
    }

    [Fact]
    public async Task A_token_created_on_the_account_page_is_shown_once_and_works()
    {
        await using var host = await StartAsync();
        using var admin = await host.FirstAdminAsync();

        using var created = await Forms.PostAsync(admin, "/account", "new-token", new Dictionary<string, string> { ["TokenName"] = "nightly export", ["TokenScope"] = "read" });
        var token = AccessToken().Match(await created.Content.ReadAsStringAsync()).Value;
        using var later = await admin.GetAsync(Url("/account"));
        using var script = host.Anonymous();
        script.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var me = await script.GetAsync(Url("/api/v1/me"));

        Assert.StartsWith("tlp_", token, StringComparison.Ordinal);
        var laterHtml = await later.Content.ReadAsStringAsync();
        Assert.Contains("nightly export", laterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(token, laterHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Passwords_tokens_and_links_never_reach_the_log()
    {
        await using var host = await StartAsync();
        using var admin = await host.FirstAdminAsync();
        var team = await CreateTeamAsync(admin, "Logged");
        var link = await InviteAsync(admin, team, "quiet@example.com", "viewer");
        using (var anonymous = host.Anonymous())
        using (await anonymous.PostAsJsonAsync(Url($"/api/v1/invitations/{TokenOf(link)}/accept"), new { password = Password }))
        using (await anonymous.PostAsJsonAsync(Url($"/api/v1/invitations/{TokenOf(link)}/accept"), new { password = Password }))
        using (await anonymous.PostAsJsonAsync(Url("/api/v1/auth/login"), new { email = "quiet@example.com", password = "a wrong password" }))
        {
        }

        using var tokenResponse = await admin.PostAsJsonAsync(Url("/api/v1/me/tokens"), new { name = "t", scope = "read" });
        var token = (await tokenResponse.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
        var quietId = (await MeAsync(await host.SignInAsync("quiet@example.com"))).GetProperty("id").GetGuid();
        using var reset = await admin.PostAsync(Url($"/api/v1/admin/users/{quietId}/reset-link"), null);
        var resetLink = (await reset.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("link").GetString()!;
        using (var bad = host.Anonymous())
        {
            bad.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token + "x");
            using (await bad.GetAsync(Url("/api/v1/me")))
            {
            }
        }

        var log = string.Join("\n", host.App.Log.Entries.Select(e => $"{e.Message} {e.Exception}"));
        Assert.NotEmpty(host.App.Log.Entries);
        foreach (var secret in new[] { Password, "a wrong password", TokenOf(link), token, resetLink[(resetLink.IndexOf("code=", StringComparison.Ordinal) + 5)..] })
        {
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("/teams/[0-9a-f-]{36}")]
    private static partial Regex TeamLink();

    [GeneratedRegex("https?://[^<\"\\s]+/invitations/[A-Za-z0-9_-]+")]
    private static partial Regex InvitationLink();

    [GeneratedRegex("tlp_[A-Za-z0-9_-]+")]
    private static partial Regex AccessToken();
}
