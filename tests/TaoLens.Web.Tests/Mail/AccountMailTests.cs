using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using TaoLens.Web.Tests.Accounts;
using TaoLens.Web.Tests.Hardening;
using static TaoLens.Web.Tests.Accounts.AccountsHost;

namespace TaoLens.Web.Tests.Mail;

public sealed partial class AccountMailTests
{
    private const string NewPassword = "a brand new passphrase";

    [Fact]
    public async Task A_reset_request_mails_one_working_link_on_the_public_address()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = await StartAsync(smtp.Settings("https://lens.example.org/"));
        (await host.FirstAdminAsync("admin@example.com")).Dispose();
        using var browser = host.Anonymous();

        using var asked = await Forms.PostAsync(browser, "/account/forgot-password", "forgot", new Dictionary<string, string> { ["Email"] = "admin@example.com" });

        Assert.Contains("a mail with a link to set a new password is on its way", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var mail = smtp.To("admin@example.com");
        Assert.Single(smtp.Messages);
        var link = new Uri(LinkPattern().Match(mail.TextBody ?? "").Value);
        Assert.Equal("https://lens.example.org/account/reset-password", link.GetLeftPart(UriPartial.Path));
        Assert.Contains(link.AbsoluteUri.Replace("&", "&amp;", StringComparison.Ordinal), mail.HtmlBody, StringComparison.Ordinal);

        // The link's path and query, followed on this instance over HTTP, sets the password.
        using var set = await Forms.PostAsync(browser, link.PathAndQuery, "reset", new Dictionary<string, string>
        {
            ["Email"] = "admin@example.com",
            ["Code"] = System.Web.HttpUtility.ParseQueryString(link.Query)["code"]!,
            ["Password"] = NewPassword,
        });
        Assert.Contains("Your password is set", await set.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        (await host.SignInAsync("admin@example.com", NewPassword)).Dispose();

        var code = System.Web.HttpUtility.ParseQueryString(link.Query)["code"]!;
        Assert.DoesNotContain(host.App.Log.Entries, e => e.Message.Contains(code, StringComparison.Ordinal) || e.Message.Contains("reset-password?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_api_mails_the_same_link_and_an_unknown_address_gets_the_same_answer_and_no_mail()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = await StartAsync(smtp.Settings());
        (await host.FirstAdminAsync("admin@example.com")).Dispose();
        using var client = host.Anonymous();

        using var unknown = await client.PostAsJsonAsync(Url("/api/v1/auth/forgotPassword"), new { email = "nobody@example.com" });
        using var known = await client.PostAsJsonAsync(Url("/api/v1/auth/forgotPassword"), new { email = "admin@example.com" });

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal("admin@example.com", Assert.Single(mail.To.Mailboxes).Address);
        Assert.StartsWith("http://taolens.test/account/reset-password?email=admin%40example.com&code=", LinkPattern().Match(mail.TextBody ?? "").Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invitation_is_mailed_with_the_link_the_admin_is_shown()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = await StartAsync(smtp.Settings());
        using var admin = await host.FirstAdminAsync("admin@example.com");
        var team = await CreateTeamAsync(admin, "Analysts <script>");

        using var response = await admin.PostAsJsonAsync(Url($"/api/v1/teams/{team}/invitations"), new { email = "new@example.com", role = "editor" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("mailed").GetBoolean());
        var mail = smtp.To("new@example.com");
        var link = body.GetProperty("link").GetString()!;
        Assert.StartsWith("http://taolens.test/invitations/", link, StringComparison.Ordinal);
        Assert.Contains(link, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Analysts &lt;script&gt;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(host.App.Log.Entries, e => e.Message.Contains(TokenOf(link), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_mail_settings_the_pages_say_so_and_the_link_is_shown_instead()
    {
        await using var host = await StartAsync();
        using var admin = await host.FirstAdminAsync("admin@example.com");
        var team = await CreateTeamAsync(admin, "Analysts");
        using var browser = host.Anonymous();

        using var page = await browser.GetAsync(Url("/account/forgot-password"));
        using var api = await browser.PostAsJsonAsync(Url("/api/v1/auth/forgotPassword"), new { email = "admin@example.com" });
        using var invited = await admin.PostAsJsonAsync(Url($"/api/v1/teams/{team}/invitations"), new { email = "new@example.com", role = "viewer" });
        using var invitePage = await Forms.PostAsync(admin, $"/teams/{team}", "invite", new Dictionary<string, string> { ["Email"] = "other@example.com", ["Role"] = "viewer" });

        Assert.Contains("does not send mail (mail is not configured)", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("<form", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Problems.AssertProblemAsync(api, 503);
        Assert.False((await invited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mailed").GetBoolean());
        var html = await invitePage.Content.ReadAsStringAsync();
        Assert.Contains("does not send mail (mail is not configured), so send them this link yourself", html, StringComparison.Ordinal);
        Assert.Contains("/invitations/", html, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
