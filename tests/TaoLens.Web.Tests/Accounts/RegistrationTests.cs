using System.Net;
using System.Net.Http.Json;
using TaoLens.Web.Tests.Hardening;
using static TaoLens.Web.Tests.Accounts.AccountsHost;

namespace TaoLens.Web.Tests.Accounts;

public sealed class RegistrationTests
{
    [Fact]
    public async Task The_first_account_becomes_instance_admin_and_the_second_is_refused_without_an_invitation()
    {
        await using var host = await StartAsync();

        using var first = await host.RegisterAsync("first@example.com");
        using var second = await host.RegisterAsync("second@example.com");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var refused = await Problems.AssertProblemAsync(second, 403);
        Assert.Contains("invitation", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var admin = await host.SignInAsync("first@example.com");
        Assert.True((await MeAsync(admin)).GetProperty("isInstanceAdmin").GetBoolean());
        await using var db = host.App.Database.CreateDbContext();
        Assert.Equal(["first@example.com"], db.Users.Select(u => u.Email).ToList());
    }

    [Fact]
    public async Task The_register_page_offers_the_first_admin_then_says_invitation_only()
    {
        await using var host = await StartAsync();
        using var client = host.Anonymous();

        using var empty = await client.GetAsync(Url("/account/register"));
        Assert.Contains("the first one becomes its instance admin", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using (await host.RegisterAsync("first@example.com"))
        {
        }

        using var closed = await client.GetAsync(Url("/account/register"));
        var html = await closed.Content.ReadAsStringAsync();
        Assert.Contains("by invitation only", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Password\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_registration_lets_anyone_register_and_only_the_first_is_admin()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Accounts:OpenRegistration"] = "true" });

        using var first = await host.RegisterAsync("first@example.com");
        using var second = await host.RegisterAsync("second@example.com");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        using var client = await host.SignInAsync("second@example.com");
        Assert.False((await MeAsync(client)).GetProperty("isInstanceAdmin").GetBoolean());
    }

    [Fact]
    public async Task Racing_registrations_on_an_empty_instance_make_exactly_one_admin()
    {
        await using var host = await StartAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => host.RegisterAsync($"racer{i}@example.com")));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.Forbidden));
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task A_weak_password_or_bad_email_is_a_validation_problem_and_creates_nothing()
    {
        await using var host = await StartAsync();

        using var weak = await host.RegisterAsync("first@example.com", "short");
        using var badEmail = await host.RegisterAsync("not-an-email");

        var problem = await Problems.AssertProblemAsync(weak, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("PasswordTooShort", out _), problem.ToString());
        await Problems.AssertProblemAsync(badEmail, 400);
        await using var db = host.App.Database.CreateDbContext();
        Assert.Empty(db.Users);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_out_even_for_the_right_password()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Accounts:MaxFailedSignIns"] = "3" });
        using var registered = await host.RegisterAsync("admin@example.com");
        using var client = host.Anonymous();

        for (var i = 0; i < 3; i++)
        {
            using var wrong = await client.PostAsJsonAsync(Url("/api/v1/auth/login?useCookies=true"), new { email = "admin@example.com", password = "wrong password!" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await client.PostAsJsonAsync(Url("/api/v1/auth/login?useCookies=true"), new { email = "admin@example.com", password = Password });

        var problem = await Problems.AssertProblemAsync(right, 401);
        Assert.Equal("LockedOut", problem.GetProperty("detail").GetString());
        await using var db = host.App.Database.CreateDbContext();
        Assert.True(db.Users.Single().LockoutEnd > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Sign_in_page_posts_over_the_limit_get_429_but_the_page_still_opens()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Accounts:SignInPermitLimit"] = "2", ["Accounts:SignInWindow"] = "01:00:00" });
        using var client = host.Anonymous();
        var fields = new Dictionary<string, string> { ["Email"] = "nobody@example.com", ["Password"] = "whatever it is", ["ReturnUrl"] = "/" };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var attempt = await Forms.PostAsync(client, "/account/sign-in", "sign-in", fields);
            statuses.Add(attempt.StatusCode);
        }

        using var page = await client.GetAsync(Url("/account/sign-in"));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_over_the_limit_get_429_while_reads_go_on()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Accounts:SignInPermitLimit"] = "2", ["Accounts:SignInWindow"] = "01:00:00" });
        using var client = host.Anonymous();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var attempt = await client.PostAsJsonAsync(Url("/api/v1/auth/login"), new { email = "nobody@example.com", password = "whatever it is" });
            statuses.Add(attempt.StatusCode);
        }

        using var read = await client.GetAsync(Url("/api/v1/events"));
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }
}
