using System.Net;
using System.Net.Http.Json;
using TaoLens.Web.Tests.Hardening;
using static TaoLens.Web.Tests.Accounts.AccountsHost;

namespace TaoLens.Web.Tests.Accounts;

/// <summary><c>Access:AnonymousRead=false</c>: a team deployment where everything but signing in needs an account.</summary>
public sealed class PrivateAccessTests : IAsyncLifetime
{
    private AccountsHost _host = null!;

    public async Task InitializeAsync() => _host = await StartAsync(new Dictionary<string, string?> { ["Access:AnonymousRead"] = "false" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("/", "%2F")]
    [InlineData("/subnets/3?window=7", "%2Fsubnets%2F3%3Fwindow%3D7")]
    [InlineData("/compare?netuids=3,4", "%2Fcompare%3Fnetuids%3D3,4")]
    [InlineData("/ingestion", "%2Fingestion")]
    [InlineData("/teams", "%2Fteams")]
    [InlineData("/no-such-page", "%2Fno-such-page")]
    public async Task A_signed_out_visitor_is_sent_to_sign_in_with_the_page_to_return_to(string path, string returnUrl)
    {
        using var client = _host.Anonymous();

        using var response = await client.GetAsync(Url(path));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/account/sign-in?returnUrl={returnUrl}", response.Headers.Location?.PathAndQuery);
    }

    [Theory]
    [InlineData("/api/v1/network")]
    [InlineData("/api/v1/subnets")]
    [InlineData("/api/v1/events")]
    [InlineData("/api/v1/ingestion/runs")]
    [InlineData("/api/v1/nothing-here")]
    public async Task The_api_answers_a_signed_out_caller_401_problem(string path)
    {
        using var client = _host.Anonymous();

        using var response = await client.GetAsync(Url(path));

        await Problems.AssertProblemAsync(response, 401);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/account/sign-in")]
    [InlineData("/account/register")]
    [InlineData("/account/forgot-password")]
    [InlineData("/_framework/blazor.web.js")]
    public async Task Health_sign_in_and_static_files_stay_open(string path)
    {
        using var client = _host.Anonymous();

        using var response = await client.GetAsync(Url(path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Signing_in_opens_the_pages_and_the_read_api()
    {
        using var client = await _host.FirstAdminAsync();

        using var page = await client.GetAsync(Url("/"));
        using var api = await client.GetAsync(Url("/api/v1/events"));
        using var login = await _host.Anonymous().PostAsJsonAsync(Url("/api/v1/auth/login?useCookies=true"), new { email = "admin@example.com", password = "wrong password!" });

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("admin@example.com", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        // Identity's login is reachable signed out (a wrong password is its own 401, not the fallback's).
        Assert.Equal("Failed", (await Problems.AssertProblemAsync(login, 401)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Invitation_acceptance_works_signed_out()
    {
        using var admin = await _host.FirstAdminAsync();
        var team = await CreateTeamAsync(admin, "Private");
        var link = await InviteAsync(admin, team, "joiner@example.com", "viewer");
        using var anonymous = _host.Anonymous();

        using var page = await anonymous.GetAsync(Url(new Uri(link).PathAndQuery));
        using var accepted = await anonymous.PostAsJsonAsync(Url($"/api/v1/invitations/{TokenOf(link)}/accept"), new { password = Password });

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Private", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }
}

public sealed class PublicAccessTests(OpenRegistrationHost fixture) : IClassFixture<OpenRegistrationHost>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/events")]
    [InlineData("/ingestion")]
    public async Task With_anonymous_read_pages_and_read_api_are_public(string path)
    {
        using var client = fixture.Host.Anonymous();

        using var response = await client.GetAsync(Url(path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Account_pages_send_a_signed_out_visitor_to_sign_in()
    {
        using var client = fixture.Host.Anonymous();

        using var account = await client.GetAsync(Url("/account"));
        using var users = await client.GetAsync(Url("/admin/users"));

        Assert.Equal("/account/sign-in?returnUrl=%2Faccount", account.Headers.Location?.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, users.StatusCode);
    }

    [Fact]
    public async Task The_users_page_and_api_are_for_the_instance_admin_only()
    {
        // The first account of this class's instance is its admin; the person is the second.
        using (await fixture.Host.RegisterAsync("instance-admin@example.com"))
        {
        }

        var person = await fixture.PersonAsync("not-admin@example.com");

        using var page = await person.GetAsync(Url("/admin/users"));
        using var api = await person.GetAsync(Url("/api/v1/admin/users"));

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        await Problems.AssertProblemAsync(api, 403);
    }
}
