using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using TaoLens.Core.Valuation;
using TaoLens.Data.Revenue;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;
using TaoLens.Web.Tests.Api;
using TaoLens.Web.Tests.Infrastructure;

namespace TaoLens.Web.Tests.Overview;

public sealed class HomePageTests
{
    [Fact]
    public async Task Home_page_lists_reference_subnets_sorted_by_emission_with_usd_per_year()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        var html = await app.CreateClient().GetStringAsync(new Uri("/", UriKind.Relative));

        var rows = Rows(html);
        Assert.Equal(129, rows.Count);
        // Latest reference day 2025-10-27: chutes SN64 had 0.0812092710 TAO per block x 7,200 = 584.71 TAO a day.
        // USD per year: the window 2025-09-28..2025-10-27 has a real TAO price on 28 of its 30 days (from 2025-09-30);
        // those 28 daily figures (TAO/day x that day's price) summed, x 365 / 28 = $74,991,560 (computed by hand from
        // the source files; 28 of 30 passes the 80% gap rule). Before the real prices it was $66,604,906 at one
        // approximated price for every day.
        Assert.StartsWith("<td class=\"num\">64</td>", rows[0], StringComparison.Ordinal);
        Assert.Contains("584.71", rows[0], StringComparison.Ordinal);
        Assert.Contains("$74,991,560", rows[0], StringComparison.Ordinal);
        Assert.Contains("as of 2025-10-27", html, StringComparison.Ordinal);
        Assert.Contains("No real TAO price was found for 2025-09-14", html, StringComparison.Ordinal);
        Assert.DoesNotContain("approximation", html, StringComparison.Ordinal);
        Assert.Contains("title=\"n/a: no snapshot for that day\">—", rows.Single(r => r.Contains(">root<", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_overview_opens_with_the_network_chart_and_its_text_alternative_before_the_table()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        var client = app.CreateClient();
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        using var api = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/subnets", UriKind.Relative)));

        var chart = html.IndexOf("<figure class=\"chart network-chart\"", StringComparison.Ordinal);
        var table = html.IndexOf("<table class=\"leaderboard\"", StringComparison.Ordinal);
        Assert.True(chart >= 0, "The overview has no network chart.");
        Assert.True(chart < table, "The network chart comes after the table.");
        // The summary is in the served page, before any script runs, and counts what the API gives.
        var rows = api.RootElement.EnumerateArray().ToList();
        var drawn = rows.Count(r => Base(r, "annualisedSubsidyUsd") > 0);
        var withRevenue = rows.Count(r => Base(r, "annualisedSubsidyUsd") > 0 && Base(r, "annualisedRevenueUsd") > 0);
        var withoutSubsidy = rows.Count(r => Base(r, "annualisedSubsidyUsd") is null);
        Assert.True(drawn > 100, $"Only {drawn} reference subnets have a subsidy figure.");
        var figure = html[chart..table];
        Assert.Contains($"{drawn} subnets; {withRevenue} ", figure, StringComparison.Ordinal);
        if (withoutSubsidy > 0)
        {
            Assert.Contains($"{withoutSubsidy} subnet{(withoutSubsidy == 1 ? " has" : "s have")} no subsidy figure yet", figure, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("no subsidy figure", figure, StringComparison.Ordinal);
        }

        Assert.Contains("Loading the chart", figure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_any_subsidy_figure_the_chart_says_no_data()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);
        await using (var db = app.Database.CreateDbContext())
        {
            var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
            db.Subnets.Add(new Subnet { Netuid = 7, Name = "one day old", FirstSeenAt = now, LastSeenAt = now });
            db.SubnetSnapshots.Add(new SubnetSnapshot { Netuid = 7, ObservedAt = now, Source = SnapshotSources.Chain, TaoInEmissionRao = 10_000_000 });
            await db.SaveChangesAsync();
        }

        var html = await app.CreateClient().GetStringAsync(new Uri("/", UriKind.Relative));

        var figure = html[html.IndexOf("<figure class=\"chart network-chart\"", StringComparison.Ordinal)..html.IndexOf("</figure>", StringComparison.Ordinal)];
        // No TAO price, so no USD subsidy: nothing is drawn, and nothing is drawn as zero.
        Assert.Contains("No data to draw. 1 subnet has no subsidy figure yet and is left out.", figure, StringComparison.Ordinal);
        Assert.Contains("<p class=\"empty\">No data", figure, StringComparison.Ordinal);
        Assert.DoesNotContain("Loading the chart", figure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_the_reference_data_the_overview_says_in_one_sentence_that_no_claim_is_dated_within_the_data()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        var html = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync(new Uri("/", UriKind.Relative)));

        // The shipped claims are dated 2025-12-15 and 2026-03-31; the emission data ends on 2025-10-27.
        Assert.Single(Regex.Matches(html, "No revenue claim in the ledger is dated within the data's window"));
        Assert.Contains("(2025-09-14 … 2025-10-27): multiples need one.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_no_claim_sentence_goes_once_a_subnet_claim_is_dated_within_the_data_but_not_for_a_group_claim()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        var client = app.CreateClient();
        var asOf = new DateTimeOffset(2025, 10, 1, 0, 0, 0, TimeSpan.Zero);

        await AddClaimAsync(app, new RevenueEntry { Subject = "Chutes + Targon + Lium", CoversNetuids = [4, 51, 64], AsOf = asOf, AmountUsd = 20_000_000m });
        var withGroupClaim = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/", UriKind.Relative)));
        await AddClaimAsync(app, new RevenueEntry { Netuid = 3, Subject = "Templar", AsOf = asOf, AmountUsd = 2_400_000m });
        var withSubnetClaim = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/", UriKind.Relative)));

        Assert.Contains("No revenue claim in the ledger is dated within the data's window", withGroupClaim, StringComparison.Ordinal);
        Assert.DoesNotContain("No revenue claim in the ledger", withSubnetClaim, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_subnet_names_render_as_text()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);
        await using (var db = app.Database.CreateDbContext())
        {
            var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
            db.Subnets.Add(new Subnet { Netuid = 7, Name = "<script>alert(1)</script>", Symbol = "<b>α</b>", FirstSeenAt = now, LastSeenAt = now });
            db.SubnetSnapshots.Add(new SubnetSnapshot { Netuid = 7, ObservedAt = now, Source = SnapshotSources.Chain, TaoInEmissionRao = 10_000_000 });
            await db.SaveChangesAsync();
        }

        var response = await app.CreateClient().GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>α</b>", html, StringComparison.Ordinal);
        // 0.01 TAO per block = 72 TAO a day; there is no TAO price at all, so USD is n/a with the reason.
        Assert.Contains("72.00", html, StringComparison.Ordinal);
        Assert.Contains("n/a (no price for that day)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Side_alpha_shows_the_alpha_side_subsidy_and_multiple_and_every_link_keeps_it()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);
        await ReadApiTests.SeedBothSidesAsync(app.Database);
        var client = app.CreateClient();

        var tao = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var alpha = await client.GetStringAsync(new Uri("/?sort=subsidy&dir=desc&side=alpha", UriKind.Relative));

        // The figures ReadApiTests.SeedBothSidesAsync works out by hand: $42,048,000 and 17.52x TAO side, half on the alpha side.
        Assert.Contains("$42,048,000", Rows(tao).Single(), StringComparison.Ordinal);
        Assert.Contains("17.5x", Rows(tao).Single(), StringComparison.Ordinal);
        Assert.Contains("$42,048,000", Headline(tao), StringComparison.Ordinal);
        Assert.Contains("$21,024,000", Rows(alpha).Single(), StringComparison.Ordinal);
        Assert.Contains("8.8x", Rows(alpha).Single(), StringComparison.Ordinal);
        Assert.Contains("$21,024,000", Headline(alpha), StringComparison.Ordinal);
        Assert.Contains("8.8x", Headline(alpha), StringComparison.Ordinal);
        Assert.DoesNotContain("$42,048,000", alpha, StringComparison.Ordinal);
        Assert.Contains("<strong>alpha side</strong>", alpha, StringComparison.Ordinal);
        Assert.Contains("subsidy alpha side</caption>", alpha, StringComparison.Ordinal);
        Assert.Contains("href=\"/?sort=subsidy&amp;dir=asc&amp;side=alpha\"", alpha, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/v1/subnets?format=csv&amp;window=30&amp;side=alpha\"", alpha, StringComparison.Ordinal);
        Assert.Contains("<option value=\"alpha\" selected", alpha, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_side_falls_back_to_the_tao_side()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);
        await ReadApiTests.SeedBothSidesAsync(app.Database);

        var response = await app.CreateClient().GetAsync(new Uri("/?side=sideways", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("$42,048,000", Rows(html).Single(), StringComparison.Ordinal);
        Assert.Contains("<strong>TAO side</strong>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_database_without_reference_data_says_so()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);
        var html = await app.CreateClient().GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("No subnets yet", html, StringComparison.Ordinal);
    }

    private static decimal? Base(JsonElement row, string figure) =>
        row.GetProperty(figure).GetProperty("base") is { ValueKind: JsonValueKind.Number } value ? value.GetDecimal() : null;

    private static async Task AddClaimAsync(TaoLensAppFactory app, RevenueEntry entry)
    {
        await using var db = app.Database.CreateDbContext();
        entry.Kind = RevenueEntryKind.RunRate;
        entry.SourceName = "web test";
        entry.SourceKind = RevenueSourceType.ThirdParty;
        entry.EnteredBy = "test";
        entry.EnteredAt = entry.AsOf!.Value;
        db.RevenueEntries.Add(entry);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_headline_marks_a_figure_with_notes_and_says_them_in_words()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        var html = await app.CreateClient().GetStringAsync(new Uri("/", UriKind.Relative));

        // The network subsidy counts tao_in only (no excess TAO in the reference data) over the 28 priced days of 30.
        var subsidyCard = Headline(html)[Headline(html).IndexOf("Subsidy, USD per year", StringComparison.Ordinal)..];
        subsidyCard = subsidyCard[..subsidyCard.IndexOf("</dd>", StringComparison.Ordinal)];
        var marker = subsidyCard[subsidyCard.IndexOf("<span class=\"note\"", StringComparison.Ordinal)..];
        var title = marker[(marker.IndexOf("title=\"", StringComparison.Ordinal) + 7)..marker.IndexOf("\">†", StringComparison.Ordinal)];
        Assert.StartsWith("chain buys (excess TAO) unknown on some days: counts tao_in only; ", title, StringComparison.Ordinal);
        Assert.EndsWith("; the window has gaps: annualised over the days present", title, StringComparison.Ordinal);
        Assert.Contains($"\">†<span class=\"visually-hidden\"> Note: {title}.</span></span>", marker, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_multiple_on_immaterial_revenue_reads_over_1000x_on_the_page_and_exact_in_the_api()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);
        await ReadApiTests.SeedBothSidesAsync(app.Database);
        await using (var db = app.Database.CreateDbContext())
        {
            // A later $900 run-rate replaces the $2.4M one: $42,048,000 / $900 = 46,720x.
            var asOf = new DateTimeOffset(2026, 10, 2, 0, 0, 0, TimeSpan.Zero);
            db.RevenueEntries.Add(new RevenueEntry
            {
                Netuid = 1, Subject = "Tiny", Kind = RevenueEntryKind.RunRate, AsOf = asOf, AmountUsd = 900m,
                SourceName = "test", SourceKind = RevenueSourceType.SelfReported, EnteredBy = "test", EnteredAt = asOf,
            });
            await db.SaveChangesAsync();
        }

        var client = app.CreateClient();
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        using var api = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/subnets", UriKind.Relative)));

        var row = Rows(html).Single();
        // The exact value stays in the title.
        Assert.Matches("<span title=\"46720(\\.0+)? x\">over 1,000x</span>", row);
        Assert.Contains("revenue is immaterial", row, StringComparison.Ordinal);
        Assert.DoesNotContain("46,720", html, StringComparison.Ordinal);
        Assert.Contains("over 1,000x", Headline(html), StringComparison.Ordinal);
        var ratio = api.RootElement.EnumerateArray().Single().GetProperty("subsidyToRevenue");
        Assert.Equal(46_720m, ratio.GetProperty("base").GetDecimal());
        Assert.Contains("immaterialRevenue", ratio.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
    }

    private static string Headline(string html) =>
        html[html.IndexOf("id=\"network-heading\"", StringComparison.Ordinal)..html.IndexOf("</section>", StringComparison.Ordinal)];

    private static List<string> Rows(string html)
    {
        var body = html[html.IndexOf("<tbody>", StringComparison.Ordinal)..html.IndexOf("</tbody>", StringComparison.Ordinal)];
        return body.Split("<tr>", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(r => r.Trim()).ToList();
    }
}
