using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TaoLens.Core.Valuation;
using TaoLens.Data.Revenue;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;
using TaoLens.Testing;
using TaoLens.Web.Tests.Infrastructure;

namespace TaoLens.Web.Tests.Overview;

/// <summary>
/// docs/metrics.md, "Fallback window", "Whole-network totals" and "Group claims", on pages: eight days of live data,
/// so the 30-day window is not covered and the pages show the 7-day one, said so.
/// </summary>
public sealed class ShortHistoryPagesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);
    private const string Label = "7-day run-rate; the 30-day window needs 24 days of data";

    // SN1 and SN2 at 72 and 144 TAO a day on 2026-11-12 … 11-19 (eight ended days), SN3 at 216 TAO a day from 11-17
    // (registered 2 days before the as-of day 11-19), TAO at $400 every day, and a $20M group claim covering SN1 and SN3.
    // 7-day window 11-13 … 11-19: SN1 72 × 400 × 365 = $10,512,000; SN3 3 × 216 × 365 / 7 = 33,788.571… TAO a year
    // (its four earlier days are zero), × $400 = $13,515,428.57.
    private static async Task<TaoLensAppFactory> StartAsync()
    {
        var app = await TaoLensAppFactory.StartAsync(referenceData: false, new FakeTimeProvider(Now));
        await using var db = app.Database.CreateDbContext();
        var first = new DateTimeOffset(2026, 11, 12, 12, 0, 0, TimeSpan.Zero);
        foreach (var netuid in new[] { 1, 2, 3 })
        {
            var seen = netuid == 3 ? first.AddDays(5) : first;
            db.Subnets.Add(new Subnet { Netuid = netuid, Name = $"subnet {netuid}", FirstSeenAt = seen, LastSeenAt = first.AddDays(7) });
        }

        for (var day = 0; day < 8; day++)
        {
            var at = first.AddDays(day);
            foreach (var netuid in day >= 5 ? new[] { 1, 2, 3 } : [1, 2])
            {
                db.SubnetSnapshots.Add(new SubnetSnapshot { Netuid = netuid, ObservedAt = at, Source = SnapshotSources.Chain, TaoInEmissionRao = 10_000_000L * netuid });
            }

            db.TaoMarketSnapshots.Add(new TaoMarketSnapshot { ObservedAt = at, Source = SnapshotSources.CoinGecko, PriceUsd = 400m });
        }

        db.RevenueEntries.Add(new RevenueEntry
        {
            CoversNetuids = [1, 3],
            Subject = "subnets 1 and 3",
            Kind = RevenueEntryKind.RunRate,
            AsOf = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            AmountUsd = 20_000_000m,
            SourceName = "Group source",
            SourceKind = RevenueSourceType.ThirdParty,
            EnteredBy = "test",
            EnteredAt = Now,
        });
        await db.SaveChangesAsync();
        return app;
    }

    private static async Task<string> PageAsync(TaoLensAppFactory app, string path) =>
        WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync(new Uri(path, UriKind.Relative)));

    [Fact]
    public async Task The_subnet_page_headlines_the_longest_covered_window_and_says_so()
    {
        await using var app = await StartAsync();

        var html = await PageAsync(app, "/subnets/3");

        Assert.Contains($"Shown: {Label}.", html, StringComparison.Ordinal);
        Assert.Contains("As of 2026-11-19 (UTC), subsidy TAO side, trailing 7-day window", html, StringComparison.Ordinal);
        Assert.Contains(">$13,515,429</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("too few days in the window", html, StringComparison.Ordinal);
        // The charts use the same window.
        Assert.Contains("Annualised over a trailing 7-day window.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_subnet_page_and_the_leaderboard_say_registered_n_days_ago_for_a_subnet_registered_inside_the_window()
    {
        await using var app = await StartAsync();

        var subnet = await PageAsync(app, "/subnets/3");
        var overview = await PageAsync(app, "/");
        var older = await PageAsync(app, "/subnets/1");

        const string Sentence = "Registered on 2026-11-17 (2 days before 2026-11-19), inside the 7-day window";
        Assert.Contains("<span class=\"badge registered\" title=\"" + Sentence, subnet, StringComparison.Ordinal);
        Assert.Contains(">registered 2 days ago<span class=\"visually-hidden\">: " + Sentence, subnet, StringComparison.Ordinal);
        // Only SN3 began inside the 7-day window the overview shows.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(overview, ">registered 2 days ago<"));
        // SN1's history began before the 7-day window: no badge.
        Assert.DoesNotContain("badge registered", older, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_uses_the_longest_covered_window_for_its_table_and_chart_and_says_so()
    {
        await using var app = await StartAsync();

        var html = await PageAsync(app, "/compare?netuids=1,3&metric=annualisedSubsidyUsd");

        Assert.Contains($"Shown: {Label}.", html, StringComparison.Ordinal);
        Assert.Contains($"Annualised over a trailing 7-day window ({Label}).", html, StringComparison.Ordinal);
        Assert.Contains(">$10,512,000</span>", html, StringComparison.Ordinal);
        Assert.Contains(">$13,515,429</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("too few days in the window", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_subnet_page_lists_a_group_claim_covering_it_apart_from_its_own_revenue()
    {
        await using var app = await StartAsync();

        var covered = await PageAsync(app, "/subnets/3");
        var outside = await PageAsync(app, "/subnets/2");

        var groups = covered[covered.IndexOf("Group claims that include this subnet", StringComparison.Ordinal)..];
        Assert.Contains("not counted as this subnet's revenue", groups, StringComparison.Ordinal);
        Assert.Contains("group claim</span> run-rate (per year)", groups, StringComparison.Ordinal);
        Assert.Contains("$20,000,000", groups, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/subnets/1\">SN1</a>, <a href=\"/subnets/3\">SN3</a>", groups, StringComparison.Ordinal);
        Assert.Contains("Group source", groups, StringComparison.Ordinal);
        // Not its own revenue: no entry names SN3, and its revenue stays n/a.
        Assert.Contains("No revenue entry names this subnet.", covered, StringComparison.Ordinal);
        Assert.Contains("n/a (no revenue data", covered, StringComparison.Ordinal);
        Assert.DoesNotContain("Group claims that include this subnet", outside, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_subnet_api_keeps_the_strict_figure_adds_the_fallback_and_lists_group_claims_apart()
    {
        await using var app = await StartAsync();
        var client = app.CreateClient();

        using var detail = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/subnets/3", UriKind.Relative)));
        using var outside = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/subnets/2", UriKind.Relative)));

        var headline = detail.RootElement.GetProperty("headline");
        Assert.Equal("windowIncomplete", headline.GetProperty("annualisedSubsidyUsd").GetProperty("reason").GetString());
        Assert.Equal(7, headline.GetProperty("fallback").GetProperty("windowDays").GetInt32());
        Assert.Equal(13_515_428.57m, decimal.Round(headline.GetProperty("fallback").GetProperty("annualisedSubsidyUsd").GetProperty("base").GetDecimal(), 2));
        Assert.Equal("2026-11-17", headline.GetProperty("registeredOn").GetString());
        Assert.Equal(0, detail.RootElement.GetProperty("revenueEntries").GetArrayLength());
        var claim = Assert.Single(detail.RootElement.GetProperty("groupClaims").EnumerateArray());
        Assert.Equal(new[] { 1, 3 }, claim.GetProperty("coversNetuids").EnumerateArray().Select(n => n.GetInt32()));
        Assert.Equal(20_000_000m, claim.GetProperty("amountUsd").GetDecimal());
        Assert.Equal(0, outside.RootElement.GetProperty("groupClaims").GetArrayLength());
    }

    [Fact]
    public async Task The_subnets_csv_carries_the_registration_day_row_notes_and_the_fallback_window()
    {
        await using var app = await StartAsync();

        var rows = CsvText.Rows(await app.CreateClient().GetStringAsync(new Uri("/api/v1/subnets?format=csv", UriKind.Relative)));

        var header = rows[0];
        var sn3 = rows.Single(r => r[0] == "3");
        string Cell(string column) => sn3[Array.IndexOf(header, column)];
        Assert.Equal(header.Length, sn3.Length);
        Assert.Equal("windowIncomplete", Cell("annualised_subsidy_usd_reason"));
        Assert.Equal("2026-11-17", Cell("registered_on"));
        Assert.Equal("registeredInWindow", Cell("row_notes"));
        Assert.Equal("7", Cell("fallback_window_days"));
        Assert.Equal(13_515_428.57m, decimal.Round(decimal.Parse(Cell("fallback_annualised_subsidy_usd_base"), CultureInfo.InvariantCulture), 2));
        Assert.Equal("", Cell("fallback_annualised_subsidy_usd_reason"));
        Assert.Equal("noRevenueData", Cell("fallback_subsidy_to_revenue_reason"));
    }
}
