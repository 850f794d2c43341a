using System.Net;
using System.Net.Http.Json;
using TaoLens.Web.Features.Accounts;
using TaoLens.Web.Features.Operators;
using TaoLens.Web.Tests.Hardening;
using static TaoLens.Web.Tests.Accounts.AccountsHost;

namespace TaoLens.Web.Tests.Accounts;

public sealed class UserCommandsTests
{
    [Theory]
    [InlineData("users", "create-admin", "ops@example.com")]
    [InlineData("users", "list")]
    public void Users_verbs_parse(params string[] args)
    {
        var parsed = OperatorCommands.Parse(args);

        Assert.Null(parsed.ExitCode);
        Assert.Equal("users", parsed.Command?.Verb);
        Assert.Equal(args[1], parsed.Command?.Action);
        Assert.Equal(args.Length > 2 ? args[2] : null, parsed.Command?.Email);
    }

    [Theory]
    [InlineData("users")]
    [InlineData("users", "create-admin")]
    [InlineData("users", "create-admin", "not-an-email")]
    [InlineData("users", "delete", "ops@example.com")]
    public void Bad_users_verbs_exit_2_with_usage(params string[] args)
    {
        var parsed = OperatorCommands.Parse(args);

        Assert.Equal(2, parsed.ExitCode);
        Assert.Contains("users create-admin", parsed.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_admin_makes_an_account_whose_printed_link_sets_the_password_once()
    {
        await using var host = await StartAsync();
        var output = new StringWriter();

        var exit = await UserCommands.RunAsync(host.App.Services, new OperatorCommand("users", Action: "create-admin", Email: "ops@example.com"), output, CancellationToken.None);

        Assert.Equal(0, exit);
        var link = output.ToString().Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("/account/reset-password?", StringComparison.Ordinal));
        using var client = host.Anonymous();
        using var set = await Forms.PostAsync(client, link, "reset", ResetFields(link));
        Assert.Contains("Your password is set.", await set.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var admin = await host.SignInAsync("ops@example.com");
        Assert.True((await MeAsync(admin)).GetProperty("isInstanceAdmin").GetBoolean());
        // Used once: the same link no longer works.
        using var again = await Forms.PostAsync(client, link, "reset", ResetFields(link));
        Assert.Contains("This reset link is not valid", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_admin_promotes_and_unlocks_an_existing_account_and_list_shows_it()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Accounts:OpenRegistration"] = "true", ["Accounts:MaxFailedSignIns"] = "1" });
        using (await host.RegisterAsync("first@example.com"))
        using (await host.RegisterAsync("locked@example.com"))
        using (var client = host.Anonymous())
        using (await client.PostAsJsonAsync(Url("/api/v1/auth/login"), new { email = "locked@example.com", password = "wrong password!" }))
        {
        }

        var before = new StringWriter();
        await UserCommands.RunAsync(host.App.Services, new OperatorCommand("users", Action: "list"), before, CancellationToken.None);
        var output = new StringWriter();
        await UserCommands.RunAsync(host.App.Services, new OperatorCommand("users", Action: "create-admin", Email: "locked@example.com"), output, CancellationToken.None);
        var link = output.ToString().Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith('/'));
        using (var setter = host.Anonymous())
        using (await Forms.PostAsync(setter, link, "reset", ResetFields(link, "a brand new password")))
        {
        }

        var after = new StringWriter();
        await UserCommands.RunAsync(host.App.Services, new OperatorCommand("users", Action: "list"), after, CancellationToken.None);
        Assert.Contains("locked@example.com  member  0 team(s)", before.ToString(), StringComparison.Ordinal);
        Assert.Contains("locked out", before.ToString(), StringComparison.Ordinal);
        Assert.Contains("promoted", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("locked@example.com  instance admin", after.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("locked out", after.ToString(), StringComparison.Ordinal);
        using var admin = await host.SignInAsync("locked@example.com", "a brand new password");
    }

    [Fact]
    public async Task The_instance_admin_issues_a_reset_link_through_the_api_and_others_cannot()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Accounts:OpenRegistration"] = "true", ["Accounts:PublicUrl"] = "https://taolens.example.com" });
        using var admin = await host.FirstAdminAsync();
        using (await host.RegisterAsync("forgetful@example.com"))
        {
        }

        using var member = await host.SignInAsync("forgetful@example.com");
        var id = (await MeAsync(member)).GetProperty("id").GetGuid();

        using var issued = await admin.PostAsync(Url($"/api/v1/admin/users/{id}/reset-link"), null);
        using var refused = await member.PostAsync(Url($"/api/v1/admin/users/{id}/reset-link"), null);

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var link = (await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("link").GetString()!;
        Assert.StartsWith("https://taolens.example.com/account/reset-password?email=forgetful%40example.com&code=", link, StringComparison.Ordinal);
        await Problems.AssertProblemAsync(refused, 403);
    }

    private static Dictionary<string, string> ResetFields(string link, string password = Password)
    {
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://x"), link).Query);
        return new Dictionary<string, string> { ["Email"] = query["email"]!, ["Code"] = query["code"]!, ["Password"] = password };
    }
}
