using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaoLens.Web.Features.Digest;
using TaoLens.Web.Tests.Accounts;
using TaoLens.Web.Tests.Mail;
using static TaoLens.Web.Tests.Accounts.AccountsHost;

namespace TaoLens.Web.Tests.Digest;

/// <summary>
/// The scheduled send and the one-click unsubscribe, over a real SMTP server on loopback. The account subscribes at
/// registration (Monday 08:00 UTC); the clock says Monday 2026-11-30 15:00 UTC (ISO week 2026-W49), so it is due.
/// </summary>
public sealed class DigestSendingTests
{
    private static async Task<int> SendDueAsync(AccountsHost host)
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DigestSending>().SendDueAsync(CancellationToken.None);
    }

    private static async Task<(AccountsHost Host, SmtpTestServer Smtp, HttpClient Reader, FakeTimeProvider Time)> StartAsync(bool scheduler = false)
    {
        var smtp = await SmtpTestServer.StartAsync();
        var time = new FakeTimeProvider(DigestContentTests.Now);
        var settings = smtp.Settings("https://taolens.example/");
        settings["Digest:SendScheduled"] = scheduler ? "true" : "false";
        var host = await DigestContentTests.StartAsync(settings: settings, time: time);
        var reader = await host.FirstAdminAsync("reader@example.com");
        var view = await Views.ViewsHost.SaveIdAsync(reader, new { name = "Apex watch", page = "overview", state = "netuids=1", visibility = "private" });
        using var saved = await reader.PutAsJsonAsync(Url("/api/v1/me/digest"), new { enabled = true, viewIds = new[] { view } });
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        return (host, smtp, reader, time);
    }

    [Fact]
    public async Task Several_senders_in_two_instances_share_the_due_digests_and_each_goes_out_once()
    {
        var (host, smtp, _, _) = await StartAsync();
        await using var _host = host;
        await using var _smtp = smtp;
        for (var i = 0; i < 6; i++)
        {
            using var registered = await host.RegisterAsync($"sender-share-{i}@example.com");
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        }

        var sent = await Task.WhenAll(DigestSending.SendAllDueAsync(host.App.Services, CancellationToken.None), DigestSending.SendAllDueAsync(host.App.Services, CancellationToken.None));
        var again = await DigestSending.SendAllDueAsync(host.App.Services, CancellationToken.None);

        Assert.Equal(7, sent.Sum());
        Assert.Equal(0, again);
        Assert.Equal(7, smtp.Messages.Count);
        Assert.Equal(7, smtp.Messages.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
    }

    [Fact]
    public void Each_subscription_falls_in_exactly_one_senders_share()
    {
        var shares = Enumerable.Range(0, 4).Select(i => new DigestShare(i, 4)).ToArray();
        var ids = Enumerable.Range(0, 1_000).Select(_ => Guid.CreateVersion7()).ToArray();

        Assert.All(ids, id => Assert.Single(shares, share => share.Holds(id)));
        Assert.All(shares, share => Assert.InRange(ids.Count(share.Holds), 150, 350));
        Assert.All(ids, id => Assert.True(DigestShare.All.Holds(id)));
    }

    [Fact]
    public async Task A_due_digest_goes_out_once_with_its_unsubscribe_headers_though_two_instances_send_at_once()
    {
        var (host, smtp, _, _) = await StartAsync();
        await using var _host = host;
        await using var _smtp = smtp;

        var sent = await Task.WhenAll(SendDueAsync(host), SendDueAsync(host));
        var again = await SendDueAsync(host);

        Assert.Equal(1, sent.Sum());
        Assert.Equal(0, again);
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal("TaoLens weekly digest: the week to 2026-11-29", mail.Subject);
        Assert.Contains("+$613,200 (+5.8%)", mail.TextBody, StringComparison.Ordinal);
        Assert.Matches("^digest\\.[0-9a-f]{32}\\.2026-W49@", mail.MessageId);
        Assert.Matches("^<https://taolens\\.example/digest/unsubscribe\\?token=[^>]+>$", mail.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("bulk", mail.Headers["Precedence"]);
        Assert.Contains(">unsubscribe</a>", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unsubscribe_link_turns_the_digest_off_by_a_signed_out_post_and_refuses_a_tampered_token()
    {
        var (host, smtp, reader, time) = await StartAsync();
        await using var _host = host;
        await using var _smtp = smtp;
        await SendDueAsync(host);
        var link = new Uri(smtp.Messages.Single().Headers["List-Unsubscribe"]!.Trim('<', '>'));
        using var anonymous = host.Anonymous();
        var path = link.PathAndQuery;
        var tampered = path[..^3] + (path[^3] == 'A' ? "B" : "A") + path[^2..];

        using var confirm = await anonymous.GetAsync(Url(path));
        using var refused = await anonymous.PostAsync(Url(tampered), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        var stillOn = await EnabledAsync(reader);
        using var done = await anonymous.PostAsync(Url(path), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        time.Advance(TimeSpan.FromDays(7));
        var nextWeek = await SendDueAsync(host);

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("<button type=\"submit\">Unsubscribe</button>", await confirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(stillOn);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("You are unsubscribed", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await EnabledAsync(reader));
        Assert.Equal(0, nextWeek);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task Each_instances_scheduler_sends_what_is_due_on_its_next_tick()
    {
        var (host, smtp, _, time) = await StartAsync(scheduler: true);
        await using var _host = host;
        await using var _smtp = smtp;

        // The subscription was saved after the scheduler's first look; its next tick, a minute later, finds it due.
        time.Advance(TimeSpan.FromMinutes(1));
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (smtp.Messages.Count == 0 && !wait.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        Assert.Equal("reader@example.com", Assert.Single(smtp.Messages).To.Mailboxes.Single().Address);
    }

    [Theory]
    [InlineData("preview", "digest preview needs --user <email>.")]
    [InlineData("send --force", "--force needs --user <email>.")]
    [InlineData("send --user reader@example.com", "add --force to say so.")]
    [InlineData("preview --user reader@example.com --force", "--force is for send.")]
    [InlineData("send --user", "--user needs an email address.")]
    [InlineData("resend", "digest needs send or preview.")]
    public void The_digest_verbs_refuse_what_they_cannot_do_before_touching_a_database(string args, string message)
    {
        var line = DigestCommands.Parse(args.Split(' '));

        Assert.Equal(2, line.ExitCode);
        Assert.Contains(message, line.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Digest_send_sends_what_is_due_once_send_force_sends_one_now_and_preview_prints_the_html()
    {
        var (host, smtp, _, _) = await StartAsync();
        await using var _host = host;
        await using var _smtp = smtp;

        var first = await RunAsync(host, "send");
        var second = await RunAsync(host, "send");
        var forced = await RunAsync(host, "send --user reader@example.com --force");
        var preview = await RunAsync(host, "preview --user reader@example.com");
        var unknown = await RunAsync(host, "preview --user nobody@example.com");

        Assert.Equal((0, "Sent 1 digest."), (first.Code, first.Output.Trim()));
        Assert.Equal((0, "Sent 0 digests."), (second.Code, second.Output.Trim()));
        Assert.Equal(0, forced.Code);
        Assert.StartsWith("Sent the digest to reader@example.com", forced.Output, StringComparison.Ordinal);
        Assert.Equal(2, smtp.Messages.Count);
        Assert.StartsWith("<!DOCTYPE html>", preview.Output.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("Apex watch", preview.Output, StringComparison.Ordinal);
        Assert.Equal((1, "There is no account with the email nobody@example.com."), (unknown.Code, unknown.Error.Trim()));
    }

    [Fact]
    public async Task The_instance_admin_sees_every_subscription_with_its_last_delivery_and_no_one_else_does()
    {
        var (host, smtp, reader, _) = await StartAsync();
        await using var _host = host;
        await using var _smtp = smtp;
        await SendDueAsync(host);
        using var registered = await host.RegisterAsync("member@example.com");
        using var member = await host.SignInAsync("member@example.com");

        using var json = JsonDocument.Parse(await reader.GetStringAsync(Url("/api/v1/admin/digests")));
        var page = WebUtility.HtmlDecode(await reader.GetStringAsync(Url("/admin/digests")));
        using var refused = await member.GetAsync(Url("/api/v1/admin/digests"));

        var rows = json.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("email").GetString()!);
        Assert.Equal(("2026-W49", "sent", 1), (rows["reader@example.com"].GetProperty("lastWeek").GetString(), rows["reader@example.com"].GetProperty("lastStatus").GetString(), rows["reader@example.com"].GetProperty("followedViews").GetInt32()));
        Assert.Equal(JsonValueKind.Null, rows["member@example.com"].GetProperty("lastWeek").ValueKind);
        Assert.Contains("<td>2026-W49</td>", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(AccountsHost host, string args)
    {
        var line = DigestCommands.Parse(args.Split(' '));
        Assert.Null(line.ExitCode);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await DigestCommands.RunAsync(host.App.Services, line.Command!, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<bool> EnabledAsync(HttpClient client)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync(Url("/api/v1/me/digest")));
        return json.RootElement.GetProperty("enabled").GetBoolean();
    }
}
