using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaoLens.Web.Tests.Hardening;
using static TaoLens.Web.Tests.Accounts.AccountsHost;
using static TaoLens.Web.Tests.Views.ViewsHost;

namespace TaoLens.Web.Tests.Views;

/// <summary>
/// The views isolation matrix: every view and link endpoint × (owner, same-team viewer, same-team editor, member of
/// another team, anonymous) × (team view, private view). Readers read, pin and copy; only the owner and the team's
/// editors change, share and delete; everyone else gets the 404 a view that does not exist gets.
/// </summary>
public sealed class ViewIsolationTests(ViewsHost fixture) : IClassFixture<ViewsHost>
{
    private sealed record World(HttpClient Owner, HttpClient Viewer, HttpClient Editor, HttpClient Stranger, HttpClient Admin, Guid TeamA, Guid TeamB, Guid EditorId);

    private async Task<World> BuildAsync(string tag)
    {
        var admin = await fixture.PersonAsync($"v-admin-{tag}@example.com");
        var stranger = await fixture.PersonAsync($"v-stranger-{tag}@example.com");
        var teamA = await CreateTeamAsync(admin, $"Views A {tag}");
        var teamB = await CreateTeamAsync(stranger, $"Views B {tag}");
        var owner = await fixture.JoinAsync(admin, teamA, $"v-owner-{tag}@example.com", "editor");
        var viewer = await fixture.JoinAsync(admin, teamA, $"v-viewer-{tag}@example.com", "viewer");
        var editor = await fixture.JoinAsync(admin, teamA, $"v-editor-{tag}@example.com", "editor");
        return new World(owner, viewer, editor, stranger, admin, teamA, teamB, (await MeAsync(editor)).GetProperty("id").GetGuid());
    }

    /// <summary>Each endpoint on view <c>v</c> (link <c>l</c>), and whether it reads (any reader) or writes (owner and editors).</summary>
    private static readonly (string Name, bool Writes, Func<HttpClient, Guid, Guid, Task<HttpResponseMessage>> Send)[] s_endpoints =
    [
        ("GET view", false, (c, v, _) => c.GetAsync(Url($"/api/v1/views/{v}"))),
        ("PUT pin", false, (c, v, _) => c.PutAsJsonAsync(Url($"/api/v1/views/{v}"), new { pinned = true })),
        ("POST copy", false, (c, v, _) => c.PostAsync(Url($"/api/v1/views/{v}/copy"), null)),
        ("PUT rename", true, (c, v, _) => c.PutAsJsonAsync(Url($"/api/v1/views/{v}"), new { name = "renamed" })),
        ("POST link", true, (c, v, _) => c.PostAsJsonAsync(Url($"/api/v1/views/{v}/links"), new { })),
        ("DELETE link", true, (c, v, l) => c.DeleteAsync(Url($"/api/v1/views/{v}/links/{l}"))),
        ("DELETE view", true, (c, v, _) => c.DeleteAsync(Url($"/api/v1/views/{v}"))),
    ];

    private static object TeamView(Guid team) => new { name = "Team watchlist", page = "overview", state = "netuids=3,64", visibility = "team", teamId = team };

    private static readonly object s_privateView = new { name = "My compare", page = "compare", state = "netuids=3,4&metric=subsidyToRevenue" };

    [Theory]
    [InlineData("owner", true)]
    [InlineData("editor", true)]
    [InlineData("viewer", true)]
    [InlineData("stranger", true)]
    [InlineData("owner", false)]
    [InlineData("editor", false)]
    [InlineData("viewer", false)]
    [InlineData("stranger", false)]
    public async Task Each_view_endpoint_answers_by_role_and_strangers_get_the_404_of_a_view_that_does_not_exist(string role, bool teamView)
    {
        var world = await BuildAsync($"{role}-{(teamView ? "team" : "private")}");
        var view = await SaveIdAsync(world.Owner, teamView ? TeamView(world.TeamA) : s_privateView);
        var (link, _, _) = await ShareAsync(world.Owner, view);
        var caller = role switch { "owner" => world.Owner, "editor" => world.Editor, "viewer" => world.Viewer, _ => world.Stranger };
        // A private view is its owner's alone; a team view is read by members and changed by the owner and editors.
        var reads = role == "owner" || (teamView && role != "stranger");
        var writes = role == "owner" || (teamView && role == "editor");

        foreach (var (name, endpointWrites, send) in s_endpoints)
        {
            using var response = await send(caller, view, link);
            if (!reads)
            {
                var problem = await Problems.AssertProblemAsync(response, 404);
                using var missing = await send(caller, Guid.NewGuid(), link);
                var missingProblem = await Problems.AssertProblemAsync(missing, 404);
                Assert.Equal(missingProblem.GetProperty("detail").GetString(), problem.GetProperty("detail").GetString());
            }
            else if (endpointWrites && !writes)
            {
                await Problems.AssertProblemAsync(response, 403);
            }
            else
            {
                Assert.True(response.IsSuccessStatusCode, $"{role} {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        // The last call deleted the view where the caller may; elsewhere it is still there for its readers. The opening
        // page answers alike: a redirect to the view's page, or the not-found page.
        var stillThere = reads && !writes;
        using var opened = await caller.GetAsync(Url($"/views/{view}"));
        Assert.Equal(stillThere ? HttpStatusCode.Found : HttpStatusCode.NotFound, opened.StatusCode);
        using var listed = await caller.GetFromJsonAsync<JsonDocument>(Url("/api/v1/views"));
        Assert.Equal(stillThere, listed!.RootElement.EnumerateArray().Any(v => v.GetProperty("id").GetGuid() == view));
    }

    [Fact]
    public async Task A_view_and_its_links_are_unchanged_after_every_refused_call()
    {
        var world = await BuildAsync("unchanged");
        var view = await SaveIdAsync(world.Owner, TeamView(world.TeamA));
        var (link, token, _) = await ShareAsync(world.Owner, view);

        foreach (var caller in new[] { world.Viewer, world.Stranger })
        {
            foreach (var (_, writes, send) in s_endpoints.Where(e => e.Writes))
            {
                using (await send(caller, view, link))
                {
                }
            }
        }

        using var after = await world.Owner.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/views/{view}"));
        Assert.Equal("Team watchlist", after!.RootElement.GetProperty("name").GetString());
        Assert.Single(after.RootElement.GetProperty("links").EnumerateArray(), l => l.GetProperty("active").GetBoolean());
        using var anonymous = fixture.Anonymous();
        using var shared = await anonymous.GetAsync(Url($"/v/{token}"));
        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_get_401_from_every_view_endpoint_even_with_anonymous_read()
    {
        var world = await BuildAsync("anonymous");
        var view = await SaveIdAsync(world.Owner, TeamView(world.TeamA));
        var (link, _, _) = await ShareAsync(world.Owner, view);
        using var anonymous = fixture.Anonymous();

        using var list = await anonymous.GetAsync(Url("/api/v1/views"));
        using var create = await anonymous.PostAsJsonAsync(Url("/api/v1/views"), s_privateView);
        await Problems.AssertProblemAsync(list, 401);
        await Problems.AssertProblemAsync(create, 401);
        foreach (var (_, _, send) in s_endpoints)
        {
            using var response = await send(anonymous, view, link);
            await Problems.AssertProblemAsync(response, 401);
        }

        // The pages send a signed-out visitor to sign in.
        using var page = await anonymous.GetAsync(Url($"/views/{view}"));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/sign-in?returnUrl=", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_member_loses_the_team_views_with_the_next_request()
    {
        var world = await BuildAsync("removed");
        var view = await SaveIdAsync(world.Owner, TeamView(world.TeamA));
        using (var before = await world.Editor.GetAsync(Url($"/api/v1/views/{view}")))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var removed = await world.Admin.DeleteAsync(Url($"/api/v1/teams/{world.TeamA}/members/{world.EditorId}")))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        foreach (var (_, _, send) in s_endpoints)
        {
            using var response = await send(world.Editor, view, Guid.NewGuid());
            await Problems.AssertProblemAsync(response, 404);
        }

        using var listed = await world.Editor.GetFromJsonAsync<JsonDocument>(Url("/api/v1/views"));
        Assert.DoesNotContain(listed!.RootElement.EnumerateArray(), v => v.GetProperty("id").GetGuid() == view);
    }

    [Fact]
    public async Task Only_editors_save_team_views_and_a_team_the_caller_is_not_in_reads_as_missing()
    {
        var world = await BuildAsync("create");

        using var viewer = await world.Viewer.PostAsJsonAsync(Url("/api/v1/views"), TeamView(world.TeamA));
        using var stranger = await world.Stranger.PostAsJsonAsync(Url("/api/v1/views"), TeamView(world.TeamA));
        using var missing = await world.Stranger.PostAsJsonAsync(Url("/api/v1/views"), TeamView(Guid.NewGuid()));

        await Problems.AssertProblemAsync(viewer, 403);
        Assert.Equal(
            (await Problems.AssertProblemAsync(missing, 404)).GetProperty("detail").GetString(),
            (await Problems.AssertProblemAsync(stranger, 404)).GetProperty("detail").GetString());
        using var views = await world.Admin.GetFromJsonAsync<JsonDocument>(Url("/api/v1/views"));
        Assert.Empty(views!.RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Creating_sharing_and_revoking_a_team_view_is_in_the_team_audit()
    {
        var world = await BuildAsync("audit");
        var view = await SaveIdAsync(world.Owner, TeamView(world.TeamA));
        var (link, _, _) = await ShareAsync(world.Owner, view);
        using (var revoked = await world.Editor.DeleteAsync(Url($"/api/v1/views/{view}/links/{link}")))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        await SaveIdAsync(world.Owner, s_privateView);

        using var audit = await world.Admin.GetFromJsonAsync<JsonDocument>(Url($"/api/v1/teams/{world.TeamA}/audit"));
        var lines = audit!.RootElement.EnumerateArray().Take(3)
            .Select(e => $"{e.GetProperty("action").GetString()} {e.GetProperty("actor").GetString()} {e.GetProperty("detail").GetString()}").ToList();
        Assert.Equal(
            [
                "viewLinkRevoked v-editor-audit@example.com Team watchlist",
                "viewShared v-owner-audit@example.com Team watchlist",
                "viewCreated v-owner-audit@example.com Team watchlist",
            ],
            lines);
    }
}
