using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TaoLens.Web.Tests.Hardening;
using static TaoLens.Web.Tests.Accounts.AccountsHost;

namespace TaoLens.Web.Tests.Accounts;

public sealed class InvitationTests
{
    [Fact]
    public async Task An_invitation_creates_the_account_once_and_its_link_is_refused_after()
    {
        await using var host = await StartAsync();
        using var admin = await host.FirstAdminAsync();
        var team = await CreateTeamAsync(admin, "Analysts");
        var link = await InviteAsync(admin, team, "new@example.com", "editor");
        using var anonymous = host.Anonymous();

        using var accepted = await anonymous.PostAsJsonAsync(Url($"/api/v1/invitations/{TokenOf(link)}/accept"), new { password = Password });
        using var again = await anonymous.PostAsJsonAsync(Url($"/api/v1/invitations/{TokenOf(link)}/accept"), new { password = Password });

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("accountCreated").GetBoolean());
        Assert.Equal("editor", body.GetProperty("role").GetString());
        await Problems.AssertProblemAsync(again, 410);
        using var member = await host.SignInAsync("new@example.com");
        var me = await MeAsync(member);
        Assert.Equal(team, me.GetProperty("currentTeamId").GetGuid());
        Assert.False(me.GetProperty("isInstanceAdmin").GetBoolean());
    }

    [Fact]
    public async Task An_invitation_expires_after_its_lifetime()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await StartAsync(time: clock);
        using var admin = await host.FirstAdminAsync();
        var team = await CreateTeamAsync(admin, "Analysts");
        var fresh = await InviteAsync(admin, team, "fresh@example.com", "viewer");
        var stale = await InviteAsync(admin, team, "stale@example.com", "viewer");
        using var anonymous = host.Anonymous();

        clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        using var inTime = await anonymous.PostAsJsonAsync(Url($"/api/v1/invitations/{TokenOf(fresh)}/accept"), new { password = Password });
        clock.Advance(TimeSpan.FromMinutes(2));
        using var late = await anonymous.PostAsJsonAsync(Url($"/api/v1/invitations/{TokenOf(stale)}/accept"), new { password = Password });

        Assert.Equal(HttpStatusCode.OK, inTime.StatusCode);
        Assert.Contains("expired", (await Problems.AssertProblemAsync(late, 410)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var db = host.App.Database.CreateDbContext();
        Assert.DoesNotContain(db.Users, u => u.Email == "stale@example.com");
    }

    [Fact]
    public async Task An_unknown_token_is_404_and_invitations_are_stored_hashed()
    {
        await using var host = await StartAsync();
        using var admin = await host.FirstAdminAsync();
        var team = await CreateTeamAsync(admin, "Analysts");
        var link = await InviteAsync(admin, team, "someone@example.com", "viewer");
        using var anonymous = host.Anonymous();

        using var unknown = await anonymous.PostAsJsonAsync(Url($"/api/v1/invitations/{TokenOf(link)}x/accept"), new { password = Password });

        await Problems.AssertProblemAsync(unknown, 404);
        await using var db = host.App.Database.CreateDbContext();
        var stored = db.TeamInvitations.Single();
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(TokenOf(link))), stored.TokenHash);
    }

    [Fact]
    public async Task An_existing_account_joins_signed_in_as_the_invited_address_only()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Accounts:OpenRegistration"] = "true" });
        using var admin = await host.FirstAdminAsync();
        var team = await CreateTeamAsync(admin, "Analysts");
        using (await host.RegisterAsync("existing@example.com"))
        using (await host.RegisterAsync("someone-else@example.com"))
        {
        }

        var link = await InviteAsync(admin, team, "existing@example.com", "viewer");
        using var anonymous = host.Anonymous();
        using var signedOut = await anonymous.PostAsJsonAsync(Url($"/api/v1/invitations/{TokenOf(link)}/accept"), new { password = Password });
        using var wrongPerson = await host.SignInAsync("someone-else@example.com");
        using var wrong = await wrongPerson.PostAsJsonAsync(Url($"/api/v1/invitations/{TokenOf(link)}/accept"), new { });
        using var invited = await host.SignInAsync("existing@example.com");
        using var joined = await invited.PostAsJsonAsync(Url($"/api/v1/invitations/{TokenOf(link)}/accept"), new { });

        Assert.Contains("sign in", (await Problems.AssertProblemAsync(signedOut, 409)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Problems.AssertProblemAsync(wrong, 403);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.False((await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accountCreated").GetBoolean());
        Assert.Contains((await MeAsync(invited)).GetProperty("teams").EnumerateArray(), t => t.GetProperty("id").GetGuid() == team);
    }

    [Fact]
    public async Task Inviting_a_member_again_or_a_bad_address_is_refused()
    {
        await using var host = await StartAsync();
        using var admin = await host.FirstAdminAsync();
        var team = await CreateTeamAsync(admin, "Analysts");

        using var self = await admin.PostAsJsonAsync(Url($"/api/v1/teams/{team}/invitations"), new { email = "ADMIN@example.com", role = "viewer" });
        using var bad = await admin.PostAsJsonAsync(Url($"/api/v1/teams/{team}/invitations"), new { email = "nope", role = "viewer" });
        using var badRole = await admin.PostAsJsonAsync(Url($"/api/v1/teams/{team}/invitations"), new { email = "x@example.com", role = "owner" });

        await Problems.AssertProblemAsync(self, 409);
        await Problems.AssertProblemAsync(bad, 400);
        await Problems.AssertProblemAsync(badRole, 400);
    }
}
