using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaoLens.Web.Tests.Hardening;
using static TaoLens.Web.Tests.Accounts.AccountsHost;

namespace TaoLens.Web.Tests.Accounts;

/// <summary>One app with open registration for the whole class; each test builds its own teams and people.</summary>
public sealed class OpenRegistrationHost : IAsyncLifetime
{
    private AccountsHost? _host;

    public AccountsHost Host => _host ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _host = await StartAsync(new Dictionary<string, string?> { ["Accounts:OpenRegistration"] = "true" });

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>Registers (open registration) and signs in a person of this test.</summary>
    public async Task<HttpClient> PersonAsync(string email)
    {
        using var registered = await Host.RegisterAsync(email);
        Assert.True(registered.StatusCode == HttpStatusCode.OK, await registered.Content.ReadAsStringAsync());
        return await Host.SignInAsync(email);
    }
}

/// <summary>
/// The isolation matrix: every team endpoint, asked by a member of another team (404, the same answer as for a team
/// that does not exist), by a viewer and an editor (403 on admin-only reads and changes), and by a member just removed (404).
/// </summary>
public sealed class TeamIsolationTests(OpenRegistrationHost fixture) : IClassFixture<OpenRegistrationHost>
{
    /// <summary>Team B's world and team A's admin, a stranger to B.</summary>
    private sealed record World(HttpClient AAdmin, HttpClient AViewer, HttpClient AEditor, HttpClient BAdmin, Guid TeamA, Guid TeamB, Guid BAdminId, Guid AViewerId, Guid AEditorId,
        Guid APending, Guid BPending);

    private async Task<World> BuildAsync(string tag)
    {
        var aAdmin = await fixture.PersonAsync($"a-admin-{tag}@example.com");
        var bAdmin = await fixture.PersonAsync($"b-admin-{tag}@example.com");
        var teamA = await CreateTeamAsync(aAdmin, $"Team A {tag}");
        var teamB = await CreateTeamAsync(bAdmin, $"Team B {tag}");
        var aViewer = await fixture.Host.InviteAndJoinAsync(aAdmin, teamA, $"a-viewer-{tag}@example.com", "viewer");
        var aEditor = await fixture.Host.InviteAndJoinAsync(aAdmin, teamA, $"a-editor-{tag}@example.com", "editor");
        // One invitation left pending in each team.
        await InviteAsync(aAdmin, teamA, $"a-pending-{tag}@example.com", "viewer");
        await InviteAsync(bAdmin, teamB, $"b-pending-{tag}@example.com", "viewer");
        return new World(aAdmin, aViewer, aEditor, bAdmin, teamA, teamB,
            (await MeAsync(bAdmin)).GetProperty("id").GetGuid(), (await MeAsync(aViewer)).GetProperty("id").GetGuid(), (await MeAsync(aEditor)).GetProperty("id").GetGuid(),
            await PendingIdAsync(aAdmin, teamA), await PendingIdAsync(bAdmin, teamB));
    }

    private static async Task<Guid> PendingIdAsync(HttpClient admin, Guid team)
    {
        using var pending = await admin.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/teams/{team}/invitations"));
        return pending!.RootElement.EnumerateArray().Single().GetProperty("id").GetGuid();
    }

    /// <summary>Every team endpoint, aimed at <paramref name="team"/>, one of its members and one of its pending invitations.</summary>
    private static IEnumerable<(string Name, Func<HttpClient, Task<HttpResponseMessage>> Send)> Endpoints(Guid team, Guid member, Guid invitation) =>
    [
        ("GET team", c => c.GetAsync(Url($"/api/v1/teams/{team}"))),
        ("GET members", c => c.GetAsync(Url($"/api/v1/teams/{team}/members"))),
        ("GET audit", c => c.GetAsync(Url($"/api/v1/teams/{team}/audit"))),
        ("POST invitation", c => c.PostAsJsonAsync(Url($"/api/v1/teams/{team}/invitations"), new { email = "intruder@example.com", role = "admin" })),
        ("GET invitations", c => c.GetAsync(Url($"/api/v1/teams/{team}/invitations"))),
        ("DELETE invitation", c => c.DeleteAsync(Url($"/api/v1/teams/{team}/invitations/{invitation}"))),
        ("PUT member role", c => c.PutAsJsonAsync(Url($"/api/v1/teams/{team}/members/{member}"), new { role = "viewer" })),
        ("DELETE member", c => c.DeleteAsync(Url($"/api/v1/teams/{team}/members/{member}"))),
        ("PUT current team", c => c.PutAsJsonAsync(Url("/api/v1/me/current-team"), new { teamId = team })),
    ];

    [Fact]
    public async Task A_member_of_another_team_gets_404_on_every_team_endpoint_exactly_as_for_a_team_that_does_not_exist()
    {
        var world = await BuildAsync("cross");

        foreach (var (name, send) in Endpoints(world.TeamB, world.BAdminId, world.BPending))
        {
            foreach (var stranger in new[] { world.AAdmin, world.AViewer, world.AEditor })
            {
                using var response = await send(stranger);
                var problem = await Problems.AssertProblemAsync(response, 404);
                using var missing = await Endpoints(Guid.NewGuid(), world.BAdminId, world.BPending).Single(e => e.Name == name).Send(stranger);
                var missingProblem = await Problems.AssertProblemAsync(missing, 404);
                Assert.Equal(missingProblem.GetProperty("detail").GetString(), problem.GetProperty("detail").GetString());
            }
        }

        // Nothing of team B changed, and A's people do not see it listed.
        using var members = await world.BAdmin.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/teams/{world.TeamB}/members"));
        Assert.Single(members!.RootElement.EnumerateArray());
        Assert.Equal("admin", members.RootElement[0].GetProperty("role").GetString());
        using var listed = await world.AAdmin.GetFromJsonAsync<JsonDocument>(Url("/api/v1/teams"));
        Assert.DoesNotContain(listed!.RootElement.EnumerateArray(), t => t.GetProperty("id").GetGuid() == world.TeamB);
        using var audit = await world.BAdmin.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/teams/{world.TeamB}/audit"));
        Assert.Equal(["invited", "teamCreated"], audit!.RootElement.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(world.BPending, await PendingIdAsync(world.BAdmin, world.TeamB));
    }

    [Fact]
    public async Task A_team_admin_cannot_reach_a_member_of_another_team_through_their_own_team()
    {
        var world = await BuildAsync("through");

        using var role = await world.AAdmin.PutAsJsonAsync(Url($"/api/v1/teams/{world.TeamA}/members/{world.BAdminId}"), new { role = "viewer" });
        using var remove = await world.AAdmin.DeleteAsync(Url($"/api/v1/teams/{world.TeamA}/members/{world.BAdminId}"));

        await Problems.AssertProblemAsync(role, 404);
        await Problems.AssertProblemAsync(remove, 404);
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("editor")]
    public async Task Viewers_and_editors_read_their_team_but_get_403_on_admin_changes(string role)
    {
        var world = await BuildAsync($"role-{role}");
        var member = role == "viewer" ? world.AViewer : world.AEditor;
        var other = role == "viewer" ? world.AEditorId : world.AViewerId;

        using var read = await member.GetAsync(Url($"/api/v1/teams/{world.TeamA}/members"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        foreach (var (name, send) in Endpoints(world.TeamA, other, world.APending).Where(e => e.Name is not ("GET team" or "GET members" or "PUT current team")))
        {
            using var response = await send(member);
            var problem = await Problems.AssertProblemAsync(response, 403);
            Assert.Contains("admin", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using var members = await world.AAdmin.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/teams/{world.TeamA}/members"));
        Assert.Equal(3, members!.RootElement.GetArrayLength());
        Assert.Equal(world.APending, await PendingIdAsync(world.AAdmin, world.TeamA));
    }

    [Fact]
    public async Task A_removed_member_loses_access_with_the_next_request()
    {
        var world = await BuildAsync("removed");
        using var before = await world.AViewer.GetAsync(Url($"/api/v1/teams/{world.TeamA}/members"));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var removed = await world.AAdmin.DeleteAsync(Url($"/api/v1/teams/{world.TeamA}/members/{world.AViewerId}"));

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        foreach (var (_, send) in Endpoints(world.TeamA, world.AEditorId, world.APending))
        {
            using var response = await send(world.AViewer);
            await Problems.AssertProblemAsync(response, 404);
        }
    }

    [Fact]
    public async Task The_last_admin_can_neither_leave_nor_be_demoted_until_another_admin_exists()
    {
        var world = await BuildAsync("last");
        var adminId = (await MeAsync(world.AAdmin)).GetProperty("id").GetGuid();

        using var leave = await world.AAdmin.DeleteAsync(Url($"/api/v1/teams/{world.TeamA}/members/{adminId}"));
        using var demote = await world.AAdmin.PutAsJsonAsync(Url($"/api/v1/teams/{world.TeamA}/members/{adminId}"), new { role = "editor" });

        Assert.Contains("at least one admin", (await Problems.AssertProblemAsync(leave, 409)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Problems.AssertProblemAsync(demote, 409);

        using var promote = await world.AAdmin.PutAsJsonAsync(Url($"/api/v1/teams/{world.TeamA}/members/{world.AEditorId}"), new { role = "admin" });
        using var leaveNow = await world.AAdmin.DeleteAsync(Url($"/api/v1/teams/{world.TeamA}/members/{adminId}"));
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, leaveNow.StatusCode);
        using var lastLeave = await world.AEditor.DeleteAsync(Url($"/api/v1/teams/{world.TeamA}/members/{world.AEditorId}"));
        await Problems.AssertProblemAsync(lastLeave, 409);
    }

    [Fact]
    public async Task Two_admins_demoting_each_other_at_once_leave_one_admin()
    {
        var world = await BuildAsync("race");
        var adminId = (await MeAsync(world.AAdmin)).GetProperty("id").GetGuid();
        using (var promote = await world.AAdmin.PutAsJsonAsync(Url($"/api/v1/teams/{world.TeamA}/members/{world.AEditorId}"), new { role = "admin" }))
        {
            Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        }

        var answers = await Task.WhenAll(
            world.AAdmin.PutAsJsonAsync(Url($"/api/v1/teams/{world.TeamA}/members/{world.AEditorId}"), new { role = "viewer" }),
            world.AEditor.PutAsJsonAsync(Url($"/api/v1/teams/{world.TeamA}/members/{adminId}"), new { role = "viewer" }));

        using var members = await world.AViewer.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/teams/{world.TeamA}/members"));
        Assert.Equal(1, members!.RootElement.EnumerateArray().Count(m => m.GetProperty("role").GetString() == "admin"));
        // The loser finds itself no longer admin (403) or the other already demoted (409).
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Single(answers, a => a.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Conflict);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task The_audit_log_records_each_change_for_admins_newest_first()
    {
        var world = await BuildAsync("audit");
        using (await world.AAdmin.PutAsJsonAsync(Url($"/api/v1/teams/{world.TeamA}/members/{world.AViewerId}"), new { role = "editor" }))
        using (await world.AAdmin.DeleteAsync(Url($"/api/v1/teams/{world.TeamA}/members/{world.AViewerId}")))
        using (await world.AEditor.DeleteAsync(Url($"/api/v1/teams/{world.TeamA}/members/{world.AEditorId}")))
        {
        }

        using var audit = await world.AAdmin.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/teams/{world.TeamA}/audit"));

        var lines = audit!.RootElement.EnumerateArray()
            .Select(e => $"{e.GetProperty("action").GetString()} {e.GetProperty("actor").GetString()} {e.GetProperty("subject").GetString()} {e.GetProperty("detail").GetString()}".Trim())
            .ToList();
        Assert.Equal(
            [
                "left a-editor-audit@example.com  editor",
                "memberRemoved a-admin-audit@example.com a-viewer-audit@example.com editor",
                "roleChanged a-admin-audit@example.com a-viewer-audit@example.com viewer → editor",
                "invited a-admin-audit@example.com a-pending-audit@example.com viewer",
                "joined a-editor-audit@example.com  editor",
                "invited a-admin-audit@example.com a-editor-audit@example.com editor",
                "joined a-viewer-audit@example.com  viewer",
                "invited a-admin-audit@example.com a-viewer-audit@example.com viewer",
                "teamCreated a-admin-audit@example.com",
            ],
            lines);
    }

    [Fact]
    public async Task An_admin_lists_pending_invitations_without_their_links_and_a_revoked_one_no_longer_opens()
    {
        var world = await BuildAsync("revoke");
        var link = await InviteAsync(world.AAdmin, world.TeamA, "late@example.com", "editor");

        using var before = await world.AAdmin.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/teams/{world.TeamA}/invitations"));
        var listed = before!.RootElement.EnumerateArray().ToList();
        Assert.Equal(["a-pending-revoke@example.com", "late@example.com"], listed.Select(i => i.GetProperty("email").GetString()));
        Assert.Equal("editor", listed[1].GetProperty("role").GetString());
        Assert.Equal("a-admin-revoke@example.com", listed[1].GetProperty("invitedBy").GetString());
        Assert.DoesNotContain(TokenOf(link), before.RootElement.GetRawText(), StringComparison.Ordinal);
        var late = listed[1].GetProperty("id").GetGuid();

        using var revoked = await world.AAdmin.DeleteAsync(Url($"/api/v1/teams/{world.TeamA}/invitations/{late}"));
        using var again = await world.AAdmin.DeleteAsync(Url($"/api/v1/teams/{world.TeamA}/invitations/{late}"));
        using var anonymous = fixture.Host.Anonymous();
        using var accept = await anonymous.PostAsJsonAsync(Url($"/api/v1/invitations/{TokenOf(link)}/accept"), new { password = Password });

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await Problems.AssertProblemAsync(again, 404);
        await Problems.AssertProblemAsync(accept, 404);
        Assert.Equal(world.APending, await PendingIdAsync(world.AAdmin, world.TeamA));
        using var audit = await world.AAdmin.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/teams/{world.TeamA}/audit"));
        var newest = audit!.RootElement[0];
        Assert.Equal("invitationRevoked a-admin-revoke@example.com late@example.com editor",
            $"{newest.GetProperty("action").GetString()} {newest.GetProperty("actor").GetString()} {newest.GetProperty("subject").GetString()} {newest.GetProperty("detail").GetString()}");
    }

    [Fact]
    public async Task A_team_admin_cannot_revoke_another_teams_invitation_through_their_own_team()
    {
        var world = await BuildAsync("other-invitation");

        using var revoke = await world.AAdmin.DeleteAsync(Url($"/api/v1/teams/{world.TeamA}/invitations/{world.BPending}"));

        await Problems.AssertProblemAsync(revoke, 404);
        Assert.Equal(world.BPending, await PendingIdAsync(world.BAdmin, world.TeamB));
    }

    [Fact]
    public async Task An_accepted_invitation_is_no_longer_pending_and_cannot_be_revoked()
    {
        var world = await BuildAsync("accepted");
        using var invited = await world.AAdmin.PostAsJsonAsync(Url($"/api/v1/teams/{world.TeamA}/invitations"), new { email = "joiner@example.com", role = "viewer" });
        using var invitation = JsonDocument.Parse(await invited.Content.ReadAsStringAsync());
        using var anonymous = fixture.Host.Anonymous();
        using (var accepted = await anonymous.PostAsJsonAsync(Url($"/api/v1/invitations/{TokenOf(invitation.RootElement.GetProperty("link").GetString()!)}/accept"), new { password = Password }))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using var revoke = await world.AAdmin.DeleteAsync(Url($"/api/v1/teams/{world.TeamA}/invitations/{invitation.RootElement.GetProperty("id").GetGuid()}"));

        await Problems.AssertProblemAsync(revoke, 404);
        // The viewer's, the editor's and this invitation were accepted: only the one left pending is listed.
        Assert.Equal(world.APending, await PendingIdAsync(world.AAdmin, world.TeamA));
        using var members = await world.AAdmin.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/teams/{world.TeamA}/members"));
        Assert.Contains(members!.RootElement.EnumerateArray(), m => m.GetProperty("email").GetString() == "joiner@example.com");
    }

    [Fact]
    public async Task Team_endpoints_need_an_account_even_with_anonymous_read()
    {
        using var anonymous = fixture.Host.Anonymous();

        using var list = await anonymous.GetAsync(Url("/api/v1/teams"));
        using var create = await anonymous.PostAsJsonAsync(Url("/api/v1/teams"), new { name = "x" });
        using var me = await anonymous.GetAsync(Url("/api/v1/me"));

        await Problems.AssertProblemAsync(list, 401);
        await Problems.AssertProblemAsync(create, 401);
        await Problems.AssertProblemAsync(me, 401);
    }

    [Fact]
    public async Task A_team_name_is_untrusted_text_capped_and_free_of_control_characters()
    {
        var person = await fixture.PersonAsync("namer@example.com");

        using var empty = await person.PostAsJsonAsync(Url("/api/v1/teams"), new { name = "  " });
        using var tooLong = await person.PostAsJsonAsync(Url("/api/v1/teams"), new { name = new string('x', 101) });
        using var control = await person.PostAsJsonAsync(Url("/api/v1/teams"), new { name = "a\u0007b" });

        await Problems.AssertProblemAsync(empty, 400);
        await Problems.AssertProblemAsync(tooLong, 400);
        await Problems.AssertProblemAsync(control, 400);
    }
}
