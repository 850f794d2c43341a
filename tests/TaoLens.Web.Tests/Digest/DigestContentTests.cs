using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TaoLens.Core.Valuation;
using TaoLens.Data.Revenue;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;
using TaoLens.Web.Features.Digest;
using TaoLens.Web.Features.Ingestion;
using TaoLens.Web.Tests.Accounts;
using TaoLens.Web.Tests.Mail;
using static TaoLens.Web.Tests.Accounts.AccountsHost;

namespace TaoLens.Web.Tests.Digest;

/// <summary>
/// docs/metrics.md, "Weekly digest" and "Week-over-week change", on seeded data with hand-computed figures.
/// Now is Monday 2026-11-30 15:00 UTC, so the as-of day is 11-29 and the week before is 11-22.
/// SN1 and SN2 earn 72 and 144 TAO a day from 10-01 to 11-29; TAO is $400 to 11-22 and $500 from 11-23.
/// 30-day window at 11-29 (10-31 … 11-29): 23 days at $400 and 7 at $500, so SN1 is 72 × (23 × 400 + 7 × 500) × 365 / 30
/// = $11,125,200 a year; at 11-22 all 30 days are at $400: 72 × 400 × 365 = $10,512,000; +$613,200 = +5.8%.
/// SN1's revenue is a $1,000,000 run-rate as of 11-01 and, entered this week, $1,200,000 as of 11-25: +$200,000 (+20.0%).
/// SN1's subsidy ÷ revenue goes from 10,512,000 / 1,000,000 = 10.512x to 11,125,200 / 1,200,000 = 9.271x: −1.241x (−11.8%).
/// </summary>
public sealed class DigestContentTests
{
    internal static readonly DateTimeOffset Now = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);
    private static readonly Uri Base = new("https://taolens.example/");

    internal static async Task<AccountsHost> StartAsync(bool seed = true, Dictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        settings ??= [];
        settings["Accounts:OpenRegistration"] = "true";
        var host = await AccountsHost.StartAsync(settings, time ?? new FakeTimeProvider(Now));
        if (!seed)
        {
            return host;
        }

        await using var db = host.App.Database.CreateDbContext();
        var first = new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);
        db.Subnets.Add(new Subnet { Netuid = 1, Name = "apex", FirstSeenAt = first, LastSeenAt = first.AddDays(59) });
        db.Subnets.Add(new Subnet { Netuid = 2, Name = "omron", FirstSeenAt = first, LastSeenAt = first.AddDays(59) });
        for (var day = 0; day < 60; day++)
        {
            var at = first.AddDays(day);
            foreach (var netuid in new[] { 1, 2 })
            {
                db.SubnetSnapshots.Add(new SubnetSnapshot { Netuid = netuid, ObservedAt = at, Source = SnapshotSources.Chain, TaoInEmissionRao = 10_000_000L * netuid });
            }

            db.TaoMarketSnapshots.Add(new TaoMarketSnapshot { ObservedAt = at, Source = SnapshotSources.CoinGecko, PriceUsd = at < new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero) ? 400m : 500m });
        }

        db.RevenueEntries.Add(RunRate(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), 1_000_000m, enteredAt: new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero)));
        db.RevenueEntries.Add(RunRate(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), 1_200_000m, enteredAt: new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero)));
        await db.SaveChangesAsync();
        return host;
    }

    private static RevenueEntry RunRate(DateTimeOffset asOf, decimal amount, DateTimeOffset enteredAt) => new()
    {
        Netuid = 1,
        Subject = "apex",
        Kind = RevenueEntryKind.RunRate,
        AsOf = asOf,
        AmountUsd = amount,
        SourceName = "apex dashboard",
        SourceKind = RevenueSourceType.SelfReported,
        EnteredBy = "analyst",
        EnteredAt = enteredAt,
    };

    private static async Task<(WeeklyDigest Digest, RenderedDigest Mail)> DigestAsync(AccountsHost host, Guid userId, params Guid[] views)
    {
        using var scope = host.App.Services.CreateScope();
        var digest = await scope.ServiceProvider.GetRequiredService<DigestComposer>().ComposeAsync(userId, views, Base);
        return (digest, await scope.ServiceProvider.GetRequiredService<DigestRenderer>().RenderAsync(digest));
    }

    private static async Task<Guid> IdAsync(HttpClient client) => (await MeAsync(client)).GetProperty("id").GetGuid();

    private static Task<Guid> WatchlistAsync(HttpClient client, string name, string netuids, Guid? team = null) =>
        Views.ViewsHost.SaveIdAsync(client, new { name, page = "overview", state = $"netuids={netuids}", visibility = team is null ? "private" : "team", teamId = team });

    [Fact]
    public async Task The_headline_and_a_watchlist_carry_each_figure_with_its_change_since_the_same_day_last_week()
    {
        await using var host = await StartAsync();
        var analyst = await host.FirstAdminAsync("analyst@example.com");
        var view = await WatchlistAsync(analyst, "Apex watch", "1");

        var (digest, mail) = await DigestAsync(host, await IdAsync(analyst), view);
        var html = WebUtility.HtmlDecode(mail.Html);

        Assert.Equal(new DateOnly(2026, 11, 29), digest.AsOf);
        Assert.Equal(new DateOnly(2026, 11, 22), digest.WeekAgo);
        Assert.Equal("TaoLens weekly digest: the week to 2026-11-29", mail.Subject);
        var network = digest.Headline.Lines.ToDictionary(l => l.Label);
        // TAO: $400 → $500. Network subsidy: (72 + 144) × … = 3 × SN1: $31,536,000 → $33,375,600.
        Assert.Equal("$500.00", network["TAO price (that day)"].NowText);
        Assert.Equal("+$100.00 (+25.0%)", network["TAO price (that day)"].ChangeText);
        Assert.Equal("$33,375,600", network["Subsidy, USD per year (TAO side)"].NowText);
        Assert.Equal("+$1,839,600 (+5.8%)", network["Subsidy, USD per year (TAO side)"].ChangeText);
        Assert.Equal("+$200,000 (+20.0%)", network["Known external revenue, USD per year"].ChangeText);
        // 33,375,600 / 1,200,000 = 27.813x, from 31.536x: −3.723x, −11.8%.
        Assert.Equal("27.8x", network["Subsidy ÷ revenue"].NowText);
        Assert.Equal("−3.7x (−11.8%)", network["Subsidy ÷ revenue"].ChangeText);

        var section = Assert.Single(digest.Sections);
        Assert.Equal("Apex watch", section.Name);
        Assert.Equal("subnets SN1 · sorted by TAO per day, highest first · 30-day window · TAO side", section.Filters);
        var apex = Assert.Single(section.Subnets);
        Assert.Equal("SN1 apex", apex.Name);
        Assert.Equal("https://taolens.example/subnets/1?window=30&side=tao", apex.Url);
        Assert.Equal("$11,125,200", apex.Subsidy.NowText);
        Assert.Equal("+$613,200 (+5.8%)", apex.Subsidy.ChangeText);
        Assert.Equal("$1,200,000", apex.Revenue.NowText);
        Assert.Equal("+$200,000 (+20.0%)", apex.Revenue.ChangeText);
        Assert.Equal(9.271m, apex.SubsidyToRevenue.Now.Base);
        Assert.Equal("−1.2x (−11.8%)", apex.SubsidyToRevenue.ChangeText);
        // Subsidy per day: $28,800 on 11-22, then $36,000.
        Assert.Equal("▁███████", apex.Trend);

        var mover = Assert.Single(digest.Movers);
        Assert.Equal(1, mover.Netuid);
        var entry = Assert.Single(digest.Ledger);
        Assert.Equal("new entry", entry.What);
        Assert.Equal("$1,200,000 a year (run-rate)", entry.Amount);

        // The mail says the same in HTML and in plain text, with absolute links and no script, SVG or remote image.
        Assert.Contains("+$613,200 (+5.8%)", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://taolens.example/subnets/1?window=30&side=tao\"", html, StringComparison.Ordinal);
        Assert.Contains("▁███████", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("  Subsidy, USD per year: $11,125,200; week: +$613,200 (+5.8%)", mail.Text, StringComparison.Ordinal);
        Assert.Contains("- apex: new entry, $1,200,000 a year (run-rate) (entered 2026-11-29 10:00 UTC)", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_members_following_different_watchlists_get_different_digests_and_a_view_they_lost_drops_out()
    {
        await using var host = await StartAsync();
        var admin = await host.FirstAdminAsync("lead@example.com");
        var team = await CreateTeamAsync(admin, "Desk");
        var member = await host.InviteAndJoinAsync(admin, team, "member@example.com", "viewer");
        var apexWatch = await WatchlistAsync(admin, "Apex watch", "1", team);
        var omronWatch = await WatchlistAsync(admin, "Omron watch", "2", team);
        var adminId = await IdAsync(admin);
        var memberId = await IdAsync(member);

        var (leadDigest, _) = await DigestAsync(host, adminId, apexWatch);
        var (memberDigest, memberMail) = await DigestAsync(host, memberId, omronWatch);

        Assert.Equal([1], leadDigest.Sections.Single().Subnets.Select(s => s.Netuid));
        Assert.Equal([2], memberDigest.Sections.Single().Subnets.Select(s => s.Netuid));
        // SN2: 144 TAO a day, twice SN1: $22,250,400, +$1,226,400. The ledger entry is SN1's, so only the lead sees it.
        Assert.Equal("+$1,226,400 (+5.8%)", memberDigest.Sections.Single().Subnets.Single().Subsidy.ChangeText);
        Assert.Single(leadDigest.Ledger);
        Assert.Empty(memberDigest.Ledger);
        Assert.Contains("Omron watch", memberMail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Apex watch", memberMail.Text, StringComparison.Ordinal);

        using var removed = await admin.DeleteAsync(Url($"/api/v1/teams/{team}/members/{memberId}"));
        Assert.True(removed.IsSuccessStatusCode, await removed.Content.ReadAsStringAsync());
        var (afterRemoval, mail) = await DigestAsync(host, memberId, omronWatch);

        Assert.Empty(afterRemoval.Sections);
        Assert.DoesNotContain("Omron watch", mail.Html, StringComparison.Ordinal);
        // The network headline is always there.
        Assert.Equal(6, afterRemoval.Headline.Lines.Count);
    }

    [Fact]
    public async Task A_hostile_view_name_is_text_in_the_html_and_cannot_break_the_plain_text()
    {
        await using var host = await StartAsync();
        var analyst = await host.FirstAdminAsync("analyst@example.com");
        const string Hostile = "<script>alert('x')</script><img src=https://evil.example/p.png> & co";
        var view = await WatchlistAsync(analyst, Hostile, "1");

        var (_, mail) = await DigestAsync(host, await IdAsync(analyst), view);

        Assert.DoesNotContain("<script>", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;img src=https://evil.example/p.png&gt; &amp; co", mail.Html, StringComparison.Ordinal);
        Assert.Contains(Hostile + "\n", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_week_without_data_says_so_instead_of_showing_figures()
    {
        await using var host = await StartAsync(seed: false);
        var analyst = await host.FirstAdminAsync("analyst@example.com");
        var view = await WatchlistAsync(analyst, "Apex watch", "1");

        var (digest, mail) = await DigestAsync(host, await IdAsync(analyst), view);

        Assert.Null(digest.AsOf);
        Assert.Empty(digest.Headline.Lines);
        Assert.Equal("No data yet.", digest.Sections.Single().Note);
        Assert.Contains("TaoLens has no emission data yet, so there is nothing to compare this week.", mail.Text, StringComparison.Ordinal);
        Assert.Contains("TaoLens has no emission data yet", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_is_listed_when_its_last_run_failed_or_its_last_success_is_over_a_day_old()
    {
        var failing = new SourceStatus("taostats", true, null, Now.AddHours(-30), 120, Now.AddHours(-2), "HTTP 503 from api.taostats.io", null, TimeSpan.FromHours(30));
        var stale = new SourceStatus("coingecko", true, null, Now.AddDays(-3), 1, null, null, null, TimeSpan.FromDays(3));
        var healthy = new SourceStatus("chain", true, null, Now.AddHours(-1), 128, null, null, null, TimeSpan.FromHours(1));

        Assert.Equal("failing; last success 1.3 d ago; last error 2 h ago: HTTP 503 from api.taostats.io", DigestComposer.Problem(failing, Now)!.Problem);
        Assert.Equal("no new data for 3 d", DigestComposer.Problem(stale, Now)!.Problem);
        Assert.Null(DigestComposer.Problem(healthy, Now));
    }

    /// <summary>The first admin, following a watchlist of SN1 in their digest.</summary>
    private static async Task<HttpClient> AnalystFollowingApexAsync(AccountsHost host)
    {
        var analyst = await host.FirstAdminAsync("analyst@example.com");
        var view = await WatchlistAsync(analyst, "Apex watch", "1");
        using var saved = await analyst.PutAsJsonAsync(Url("/api/v1/me/digest"), new { enabled = true, viewIds = new[] { view } });
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        return analyst;
    }

    [Fact]
    public async Task The_digest_page_shows_this_weeks_digest_and_send_me_this_now_mails_it_once()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = await StartAsync(settings: smtp.Settings("https://taolens.example/"));
        var analyst = await AnalystFollowingApexAsync(host);

        var page = WebUtility.HtmlDecode(await analyst.GetStringAsync(Url("/digest")));
        using var sent = await analyst.PostAsync(Url("/api/v1/me/digest/send"), null);

        Assert.Contains("Apex watch", page, StringComparison.Ordinal);
        Assert.Contains("+$613,200 (+5.8%)", page, StringComparison.Ordinal);
        Assert.Contains("Send me this now", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var mail = smtp.To("analyst@example.com");
        Assert.Single(smtp.Messages);
        Assert.Equal("TaoLens weekly digest: the week to 2026-11-29", mail.Subject);
        Assert.Contains("+$613,200 (+5.8%)", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://taolens.example/subnets/1?window=30&amp;side=tao", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_digest_sent_now_carries_the_one_click_unsubscribe_headers_and_link_as_the_scheduled_one_does()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = await StartAsync(settings: smtp.Settings("https://taolens.example/"));
        var analyst = await AnalystFollowingApexAsync(host);

        using var sent = await analyst.PostAsync(Url("/api/v1/me/digest/send"), null);

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var mail = smtp.To("analyst@example.com");
        var link = mail.Headers["List-Unsubscribe"];
        Assert.Matches("^<https://taolens\\.example/digest/unsubscribe\\?token=[^>]+>$", link);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("bulk", mail.Headers["Precedence"]);
        Assert.Contains($"Unsubscribe: {link!.Trim('<', '>')}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(">unsubscribe</a>", mail.HtmlBody, StringComparison.Ordinal);
        // Not the week's scheduled Message-ID: a receiver must not take the scheduled digest for a resend of this one.
        Assert.DoesNotMatch("^digest\\.", mail.MessageId);
    }

    [Fact]
    public async Task Without_mail_the_digest_page_says_so_and_send_now_is_a_503_problem()
    {
        await using var host = await StartAsync();
        var analyst = await host.FirstAdminAsync("analyst@example.com");

        var page = WebUtility.HtmlDecode(await analyst.GetStringAsync(Url("/digest")));
        using var sent = await analyst.PostAsync(Url("/api/v1/me/digest/send"), null);

        Assert.Contains("Mail is off on this TaoLens", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Send me this now", page, StringComparison.Ordinal);
        Assert.Contains("The network", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, sent.StatusCode);
        Assert.Equal("application/problem+json", sent.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_digest_page_and_send_now_need_an_account()
    {
        await using var host = await StartAsync(seed: false);
        using var anonymous = host.Anonymous();

        using var page = await anonymous.GetAsync(Url("/digest"));
        using var sent = await anonymous.PostAsync(Url("/api/v1/me/digest/send"), null);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/sign-in", LocationPath(page), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, sent.StatusCode);
    }
}
