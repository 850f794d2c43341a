using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TaoLens.Web.Tests.Hardening;
using static TaoLens.Web.Tests.Accounts.AccountsHost;

namespace TaoLens.Web.Tests.Accounts;

public sealed class AccessTokenTests(OpenRegistrationHost fixture) : IClassFixture<OpenRegistrationHost>
{
    private static async Task<(string Token, Guid Id)> CreateTokenAsync(HttpClient client, string scope)
    {
        using var response = await client.PostAsJsonAsync(Url("/api/v1/me/tokens"), new { name = $"script {scope}", scope });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("token").GetString()!, json.RootElement.GetProperty("details").GetProperty("id").GetGuid());
    }

    private HttpClient Bearer(string token)
    {
        var client = fixture.Host.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task A_read_token_reads_as_its_owner_but_cannot_write()
    {
        var owner = await fixture.PersonAsync("reader@example.com");
        var team = await CreateTeamAsync(owner, "Readers");
        var (token, _) = await CreateTokenAsync(owner, "read");
        using var script = Bearer(token);

        using var me = await script.GetAsync(Url("/api/v1/me"));
        using var members = await script.GetAsync(Url($"/api/v1/teams/{team}/members"));
        using var create = await script.PostAsJsonAsync(Url("/api/v1/teams"), new { name = "From a script" });
        using var invite = await script.PostAsJsonAsync(Url($"/api/v1/teams/{team}/invitations"), new { email = "x@example.com" });

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("reader@example.com", (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.OK, members.StatusCode);
        await Problems.AssertProblemAsync(create, 403);
        await Problems.AssertProblemAsync(invite, 403);
    }

    [Fact]
    public async Task A_read_write_token_of_a_team_admin_writes()
    {
        var owner = await fixture.PersonAsync("writer@example.com");
        await CreateTeamAsync(owner, "Writers");
        var (token, _) = await CreateTokenAsync(owner, "read-write");
        using var script = Bearer(token);

        using var create = await script.PostAsJsonAsync(Url("/api/v1/teams"), new { name = "From a script" });

        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
    }

    [Fact]
    public async Task Only_editors_and_admins_get_read_write_tokens()
    {
        var admin = await fixture.PersonAsync("viewers-admin@example.com");
        var team = await CreateTeamAsync(admin, "Viewers");
        var viewer = await fixture.Host.InviteAndJoinAsync(admin, team, "just-a-viewer@example.com", "viewer");

        using var refused = await viewer.PostAsJsonAsync(Url("/api/v1/me/tokens"), new { name = "script", scope = "read-write" });
        using var badScope = await viewer.PostAsJsonAsync(Url("/api/v1/me/tokens"), new { name = "script", scope = "admin" });

        await Problems.AssertProblemAsync(refused, 403);
        await Problems.AssertProblemAsync(badScope, 400);
    }

    [Fact]
    public async Task A_revoked_token_fails_on_the_next_request_even_where_anonymous_read_is_allowed()
    {
        var owner = await fixture.PersonAsync("revoker@example.com");
        var (token, id) = await CreateTokenAsync(owner, "read");
        using var script = Bearer(token);
        using (var before = await script.GetAsync(Url("/api/v1/me")))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var revoked = await owner.DeleteAsync(Url($"/api/v1/me/tokens/{id}"));
        using var me = await script.GetAsync(Url("/api/v1/me"));
        using var publicRead = await script.GetAsync(Url("/api/v1/events"));

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await Problems.AssertProblemAsync(me, 401);
        await Problems.AssertProblemAsync(publicRead, 401);
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_their_hash_and_record_their_last_use()
    {
        var owner = await fixture.PersonAsync("hashed@example.com");
        var (token, id) = await CreateTokenAsync(owner, "read");
        using var script = Bearer(token);
        using (await script.GetAsync(Url("/api/v1/me")))
        {
        }

        await using var db = fixture.Host.App.Database.CreateDbContext();
        var stored = db.PersonalAccessTokens.Single(t => t.Id == id);
        Assert.StartsWith("tlp_", token, StringComparison.Ordinal);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token)), stored.TokenHash);
        Assert.NotNull(stored.LastUsedAt);
        using var listed = await owner.GetAsync(Url("/api/v1/me/tokens"));
        Assert.DoesNotContain(token, await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_cannot_mint_tokens_and_another_persons_token_is_not_found()
    {
        var owner = await fixture.PersonAsync("minter@example.com");
        var other = await fixture.PersonAsync("other-minter@example.com");
        await CreateTeamAsync(owner, "Minters");
        var (token, id) = await CreateTokenAsync(owner, "read-write");
        using var script = Bearer(token);

        using var mint = await script.PostAsJsonAsync(Url("/api/v1/me/tokens"), new { name = "child", scope = "read" });
        using var steal = await other.DeleteAsync(Url($"/api/v1/me/tokens/{id}"));

        await Problems.AssertProblemAsync(mint, 403);
        await Problems.AssertProblemAsync(steal, 404);
        using var stillWorks = await script.GetAsync(Url("/api/v1/me"));
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    [Fact]
    public async Task A_token_cannot_use_identitys_account_management()
    {
        var owner = await fixture.PersonAsync("manager@example.com");
        await CreateTeamAsync(owner, "Managers");
        var (token, _) = await CreateTokenAsync(owner, "read-write");
        using var script = Bearer(token);

        using var info = await script.GetAsync(Url("/api/v1/auth/manage/info"));
        using var change = await script.PostAsJsonAsync(Url("/api/v1/auth/manage/info"), new { newEmail = "thief@example.com" });
        using var person = await owner.GetAsync(Url("/api/v1/auth/manage/info"));

        await Problems.AssertProblemAsync(info, 403);
        await Problems.AssertProblemAsync(change, 403);
        Assert.Equal(HttpStatusCode.OK, person.StatusCode);
    }

    [Fact]
    public async Task Identitys_own_bearer_token_from_login_reads_and_writes()
    {
        using (await fixture.PersonAsync("bearer@example.com"))
        {
        }

        using var login = await fixture.Host.Anonymous().PostAsJsonAsync(Url("/api/v1/auth/login"), new { email = "bearer@example.com", password = Password });
        var accessToken = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        using var script = Bearer(accessToken);

        using var me = await script.GetAsync(Url("/api/v1/me"));
        using var create = await script.PostAsJsonAsync(Url("/api/v1/teams"), new { name = "Bearer team" });

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
    }

    [Fact]
    public async Task An_unknown_bearer_token_is_401()
    {
        using var script = Bearer("tlp_" + new string('A', 43));

        using var response = await script.GetAsync(Url("/api/v1/events"));

        await Problems.AssertProblemAsync(response, 401);
    }
}
