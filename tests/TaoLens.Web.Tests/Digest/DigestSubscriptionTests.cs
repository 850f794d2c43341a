using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaoLens.Web.Tests.Accounts;
using TaoLens.Web.Tests.Hardening;
using TaoLens.Web.Tests.Views;
using static TaoLens.Web.Tests.Accounts.AccountsHost;

namespace TaoLens.Web.Tests.Digest;

public sealed class DigestSubscriptionTests(ViewsHost fixture) : IClassFixture<ViewsHost>
{
    private static readonly object s_watchlist = new { name = "SN64 and SN3", page = "overview", state = "netuids=64,3" };

    private static async Task<JsonElement> DigestAsync(HttpClient client)
    {
        using var response = await client.GetAsync(Url("/api/v1/me/digest"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, object body) =>
        client.PutAsJsonAsync(Url("/api/v1/me/digest"), body);

    private static Guid[] ViewIds(JsonElement digest) => [.. digest.GetProperty("viewIds").EnumerateArray().Select(v => v.GetGuid())];

    [Fact]
    public async Task Registering_on_the_page_subscribes_in_the_browsers_timezone_unless_the_box_is_cleared()
    {
        using var browser = fixture.Anonymous();
        using var ticked = await Forms.PostAsync(browser, "/account/register", "register", new Dictionary<string, string>
        {
            ["Email"] = "ticked@example.com", ["Password"] = Password, ["Digest"] = "true", ["TimeZone"] = "Pacific/Auckland",
        });
        using var other = fixture.Anonymous();
        using var cleared = await Forms.PostAsync(other, "/account/register", "register", new Dictionary<string, string>
        {
            ["Email"] = "cleared@example.com", ["Password"] = Password, ["TimeZone"] = "Pacific/Auckland",
        });

        using var form = await fixture.Anonymous().GetAsync(Url("/account/register"));
        Assert.Matches("<input type=\"checkbox\" name=\"Digest\" value=\"true\" checked", await form.Content.ReadAsStringAsync());
        using var tickedClient = await ViewsHost.SignInAsync(fixture.Host, "ticked@example.com");
        using var clearedClient = await ViewsHost.SignInAsync(fixture.Host, "cleared@example.com");
        var subscribed = await DigestAsync(tickedClient);
        Assert.True(subscribed.GetProperty("enabled").GetBoolean());
        Assert.Equal("Pacific/Auckland", subscribed.GetProperty("timeZone").GetString());
        Assert.Equal("monday", subscribed.GetProperty("day").GetString());
        Assert.Equal("08:00", subscribed.GetProperty("localTime").GetString());
        Assert.False((await DigestAsync(clearedClient)).GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Registering_through_the_api_subscribes_by_default_in_utc()
    {
        using var person = await fixture.PersonAsync("api-default@example.com");

        var digest = await DigestAsync(person);

        Assert.True(digest.GetProperty("enabled").GetBoolean());
        Assert.Equal("UTC", digest.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task Accepting_an_invitation_subscribes_the_new_account_unless_the_box_is_cleared()
    {
        using var admin = await fixture.PersonAsync("invite-digest-admin@example.com");
        var team = await CreateTeamAsync(admin, "Invited readers");
        var ticked = await InviteAsync(admin, team, "invite-ticked@example.com", "viewer");
        var cleared = await InviteAsync(admin, team, "invite-cleared@example.com", "viewer");
        var byApi = await InviteAsync(admin, team, "invite-api-off@example.com", "viewer");

        using var page = await fixture.Anonymous().GetAsync(Url($"/invitations/{TokenOf(ticked)}"));
        Assert.Matches("<input type=\"checkbox\" name=\"Digest\" value=\"true\" checked", await page.Content.ReadAsStringAsync());
        using var browser = fixture.Anonymous();
        using var tickedForm = await Forms.PostAsync(browser, $"/invitations/{TokenOf(ticked)}", "accept", new Dictionary<string, string>
        {
            ["Password"] = Password, ["Digest"] = "true", ["TimeZone"] = "America/Los_Angeles",
        });
        using var other = fixture.Anonymous();
        using var clearedForm = await Forms.PostAsync(other, $"/invitations/{TokenOf(cleared)}", "accept", new Dictionary<string, string>
        {
            ["Password"] = Password, ["TimeZone"] = "America/Los_Angeles",
        });
        using var api = fixture.Anonymous();
        using var accepted = await api.PostAsJsonAsync(Url($"/api/v1/invitations/{TokenOf(byApi)}/accept"), new { password = Password, digest = false });

        Assert.Equal(HttpStatusCode.Redirect, tickedForm.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, clearedForm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var tickedClient = await ViewsHost.SignInAsync(fixture.Host, "invite-ticked@example.com");
        using var clearedClient = await ViewsHost.SignInAsync(fixture.Host, "invite-cleared@example.com");
        using var apiClient = await ViewsHost.SignInAsync(fixture.Host, "invite-api-off@example.com");
        var subscribed = await DigestAsync(tickedClient);
        Assert.True(subscribed.GetProperty("enabled").GetBoolean());
        Assert.Equal("America/Los_Angeles", subscribed.GetProperty("timeZone").GetString());
        Assert.False((await DigestAsync(clearedClient)).GetProperty("enabled").GetBoolean());
        Assert.False((await DigestAsync(apiClient)).GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task An_unknown_timezone_or_day_is_refused_with_a_clear_message_and_nothing_changes()
    {
        using var person = await fixture.PersonAsync("bad-zone@example.com");

        using var zone = await PutAsync(person, new { timeZone = "Mars/Olympus_Mons", localTime = "07:30" });
        using var day = await PutAsync(person, new { day = "someday" });
        using var time = await PutAsync(person, new { localTime = "25:00" });

        var problem = await Problems.AssertProblemAsync(zone, 400);
        Assert.Equal("Unknown timezone 'Mars/Olympus_Mons': give an IANA name such as Europe/Berlin, America/Los_Angeles or UTC.",
            problem.GetProperty("errors").GetProperty("timeZone")[0].GetString());
        Assert.True((await Problems.AssertProblemAsync(day, 400)).GetProperty("errors").TryGetProperty("day", out _));
        Assert.True((await Problems.AssertProblemAsync(time, 400)).GetProperty("errors").TryGetProperty("localTime", out _));
        var digest = await DigestAsync(person);
        Assert.Equal("UTC", digest.GetProperty("timeZone").GetString());
        Assert.Equal("08:00", digest.GetProperty("localTime").GetString());
    }

    [Fact]
    public async Task A_member_follows_their_own_and_their_teams_views_and_sees_which_are_watchlists()
    {
        using var admin = await fixture.PersonAsync("follow-admin@example.com");
        var team = await CreateTeamAsync(admin, "Followers");
        using var member = await fixture.JoinAsync(admin, team, "follow-member@example.com", "viewer");
        var teamView = await ViewsHost.SaveIdAsync(admin, new { name = "Team watchlist", page = "overview", state = "netuids=64,3", visibility = "team", teamId = team });
        var mine = await ViewsHost.SaveIdAsync(member, new { name = "My subnet", page = "subnet", state = "netuid=64" });

        using var saved = await PutAsync(member, new { enabled = true, day = "Friday", localTime = "17:45", timeZone = "America/Los_Angeles", viewIds = new[] { teamView, mine } });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var digest = await DigestAsync(member);
        Assert.Equal("friday", digest.GetProperty("day").GetString());
        Assert.Equal("17:45", digest.GetProperty("localTime").GetString());
        Assert.Equal(new[] { teamView, mine }.Order(), ViewIds(digest).Order());
        var available = digest.GetProperty("available").EnumerateArray().ToDictionary(v => v.GetProperty("id").GetGuid());
        Assert.True(available[teamView].GetProperty("isWatchlist").GetBoolean());
        Assert.Equal("Followers", available[teamView].GetProperty("teamName").GetString());
        Assert.False(available[mine].GetProperty("isWatchlist").GetBoolean());
        Assert.True(digest.TryGetProperty("nextDigestAt", out var next) && next.ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task Another_teams_view_or_another_persons_private_view_cannot_be_chosen_404_and_nothing_is_saved()
    {
        using var adminA = await fixture.PersonAsync("iso-a@example.com");
        var teamA = await CreateTeamAsync(adminA, "Team A");
        var teamView = await ViewsHost.SaveIdAsync(adminA, new { name = "A's watchlist", page = "overview", state = "netuids=64", visibility = "team", teamId = teamA });
        var privateView = await ViewsHost.SaveIdAsync(adminA, new { name = "A's own", page = "subnet", state = "netuid=3" });
        using var outsider = await fixture.PersonAsync("iso-b@example.com");
        var own = await ViewsHost.SaveIdAsync(outsider, s_watchlist);

        using var otherTeams = await PutAsync(outsider, new { viewIds = new[] { own, teamView } });
        using var otherPersons = await PutAsync(outsider, new { viewIds = new[] { privateView } });
        using var unknown = await PutAsync(outsider, new { viewIds = new[] { Guid.NewGuid() } });

        var a = await Problems.AssertProblemAsync(otherTeams, 404);
        var b = await Problems.AssertProblemAsync(otherPersons, 404);
        var c = await Problems.AssertProblemAsync(unknown, 404);
        Assert.Equal(c.GetProperty("detail").GetString(), a.GetProperty("detail").GetString());
        Assert.Equal(c.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
        var digest = await DigestAsync(outsider);
        Assert.Empty(ViewIds(digest));
        Assert.DoesNotContain(digest.GetProperty("available").EnumerateArray(), v => v.GetProperty("id").GetGuid() == teamView || v.GetProperty("id").GetGuid() == privateView);
    }

    [Fact]
    public async Task A_member_removed_from_the_team_no_longer_follows_its_views()
    {
        using var admin = await fixture.PersonAsync("drop-admin@example.com");
        var team = await CreateTeamAsync(admin, "Droppers");
        using var member = await fixture.JoinAsync(admin, team, "drop-member@example.com", "viewer");
        var view = await ViewsHost.SaveIdAsync(admin, new { name = "Team view", page = "overview", state = "netuids=64", visibility = "team", teamId = team });
        using (var saved = await PutAsync(member, new { viewIds = new[] { view } }))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var memberId = (await MeAsync(member)).GetProperty("id").GetGuid();
        using (var removed = await admin.DeleteAsync(Url($"/api/v1/teams/{team}/members/{memberId}")))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        var digest = await DigestAsync(member);
        Assert.Empty(ViewIds(digest));
        Assert.Empty(digest.GetProperty("available").EnumerateArray());
    }

    [Fact]
    public async Task The_account_page_saves_through_the_same_rules_and_says_when_mail_is_off()
    {
        using var person = await fixture.PersonAsync("page-digest@example.com");
        var view = await ViewsHost.SaveIdAsync(person, s_watchlist);

        using var refused = await Forms.PostAsync(person, "/account", "digest", new Dictionary<string, string>
        {
            ["DigestEnabled"] = "true", ["DigestDay"] = "tuesday", ["DigestTime"] = "06:15", ["DigestTimeZone"] = "Nowhere/Atlantis",
        });
        using var saved = await Forms.PostAsync(person, "/account", "digest", new Dictionary<string, string>
        {
            ["DigestEnabled"] = "true", ["DigestDay"] = "tuesday", ["DigestTime"] = "06:15", ["DigestTimeZone"] = "Europe/Berlin", ["DigestView"] = view.ToString(),
        });

        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Unknown timezone &#x27;Nowhere/Atlantis&#x27;", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("does not send mail yet (mail is not configured)", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("Your digest settings are saved.", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var digest = await DigestAsync(person);
        Assert.Equal("tuesday", digest.GetProperty("day").GetString());
        Assert.Equal("06:15", digest.GetProperty("localTime").GetString());
        Assert.Equal("Europe/Berlin", digest.GetProperty("timeZone").GetString());
        Assert.Equal([view], ViewIds(digest));
    }
}
