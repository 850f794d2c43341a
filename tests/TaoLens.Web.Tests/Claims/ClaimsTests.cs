using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TaoLens.Core.Claims;
using TaoLens.Core.Valuation;
using TaoLens.Data.Claims;
using TaoLens.Data.Revenue;
using TaoLens.Testing;
using TaoLens.Web.Tests.Hardening;
using TaoLens.Web.Tests.Infrastructure;

namespace TaoLens.Web.Tests.Claims;

/// <summary>The claims check on the reference data, read through real HTTP.</summary>
public sealed class ReferenceClaimsTests(ReferenceApp fixture) : IClassFixture<ReferenceApp>
{
    private async Task<JsonElement[]> ClaimsAsync(string query = "")
    {
        using var json = JsonDocument.Parse(await fixture.App.CreateClient().GetStringAsync(new Uri("/api/v1/claims" + query, UriKind.Relative)));
        return [.. json.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static JsonElement Single(JsonElement[] claims, int? netuid, string quantity, string subject) => claims.Single(c =>
        (c.GetProperty("netuid") is { ValueKind: JsonValueKind.Number } n ? n.GetInt32() == netuid : netuid is null)
        && c.GetProperty("quantity").GetString() == quantity && c.GetProperty("subject").GetString() == subject);

    [Fact]
    public async Task Every_reference_claim_is_listed_revenue_entries_included_and_none_dated_near_the_data_is_measured()
    {
        var claims = await ClaimsAsync();

        // 5 revenue entries (the ledger) and 8 other figures.
        Assert.Equal(5, claims.Count(c => c.GetProperty("source").GetString() == "revenue"));
        Assert.Equal(8, claims.Count(c => c.GetProperty("source").GetString() == "figure"));
        var templar = Single(claims, 3, "annualSubsidyUsd", "Templar");
        Assert.Equal(52_000_000m, templar.GetProperty("claimedBase").GetDecimal());
        Assert.Equal("2026-03-31", templar.GetProperty("from").GetString());
        Assert.Equal("noData", templar.GetProperty("verdict").GetString());
        Assert.Equal("no data within 30 days of the claim", templar.GetProperty("verdictText").GetString());
        var range = Single(claims, null, "marketCapToRevenue", "Bittensor network");
        Assert.Equal((60m, 150m), (range.GetProperty("claimedLow").GetDecimal(), range.GetProperty("claimedHigh").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, range.GetProperty("claimedBase").ValueKind);
        var revenue = Single(claims, 3, "externalRevenueUsd", "Templar");
        Assert.Equal(("revenue", 2_400_000m), (revenue.GetProperty("source").GetString(), revenue.GetProperty("claimedBase").GetDecimal()));
        // The one claim dated inside the data: Templar's alpha market cap needs pool sizes the reference data lacks.
        var marketCap = Single(claims, 3, "marketCapUsd", "Templar");
        Assert.Equal("no data within 30 days of the claim (no pool data)", marketCap.GetProperty("verdictText").GetString());
        Assert.Equal("noPoolData", marketCap.GetProperty("measured").GetProperty("reason").GetString());
        var group = claims.Single(c => c.GetProperty("coversNetuids").ValueKind == JsonValueKind.Array);
        Assert.Equal("notMeasured", group.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task The_csv_has_one_row_per_claim_with_the_verdict()
    {
        var response = await fixture.App.CreateClient().GetAsync(new Uri("/api/v1/claims?format=csv", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var records = CsvText.Records(await response.Content.ReadAsStringAsync());
        Assert.Equal(13, records.Count);
        var templar = records.Single(r => r["subject"] == "Templar" && r["quantity"] == "subsidyToRevenue");
        Assert.Equal("21.700000", templar["claimed_base"]);
        Assert.Equal("no data within 30 days of the claim", templar["verdict_text"]);
    }

    [Fact]
    public async Task Netuid_keeps_one_subnets_claims_and_the_group_claims_naming_it()
    {
        var claims = await ClaimsAsync("?netuid=64");

        Assert.Equal(2, claims.Length);
        Assert.Contains(claims, c => c.GetProperty("subject").GetString() == "Chutes");
        Assert.Contains(claims, c => c.GetProperty("coversNetuids").ValueKind == JsonValueKind.Array);
    }

    [Theory]
    [InlineData("?format=xml", "format")]
    [InlineData("?netuid=abc", "netuid")]
    public async Task Bad_parameters_are_a_problem_naming_them(string query, string parameter)
    {
        var response = await fixture.App.CreateClient().GetAsync(new Uri("/api/v1/claims" + query, UriKind.Relative));

        var problem = await Problems.AssertProblemAsync(response, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task The_claims_page_shows_each_claim_with_its_source_link_and_verdict_and_the_nav_links_to_it()
    {
        var html = await fixture.App.CreateClient().GetStringAsync(new Uri("/claims", UriKind.Relative));

        Assert.Contains("<a href=\"/claims\">Claims</a>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Claims check</h1>", html, StringComparison.Ordinal);
        Assert.Contains("$52,000,000 per year", html, StringComparison.Ordinal);
        // Razor encodes the en dash.
        Assert.Contains("60.0x&#x2013;150.0x", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://tokenradar.ai/tokens/templar\" rel=\"noopener noreferrer nofollow\">Tokenradar</a>", html, StringComparison.Ordinal);
        Assert.Contains("no data within 30 days of the claim (no pool data)", html, StringComparison.Ordinal);
        Assert.Contains("not measured: TaoLens does not measure a group of subnets together", html, StringComparison.Ordinal);
        Assert.Contains("/api/v1/claims?format=csv", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_subnet_page_lists_its_claims_in_the_same_table()
    {
        var html = await fixture.App.CreateClient().GetStringAsync(new Uri("/subnets/3", UriKind.Relative));

        var section = html[html.IndexOf("id=\"claims-heading\"", StringComparison.Ordinal)..];
        Assert.Contains("Published claims about SN3", section, StringComparison.Ordinal);
        Assert.Contains("$52,000,000 per year", section, StringComparison.Ordinal);
        Assert.Contains("21.7x", section, StringComparison.Ordinal);
        // Network claims are not the subnet's.
        Assert.DoesNotContain("$328,000,000", section, StringComparison.Ordinal);
    }
}

/// <summary>Claims added to a reference database, measured by the engine through the real app.</summary>
public sealed class ClaimsMeasurementTests
{
    private static FigureClaim Claim(ClaimQuantity quantity, int? netuid, DateTimeOffset asOf, decimal value, string source = "test source", string? url = null) => new()
    {
        Quantity = quantity, Netuid = netuid, Subject = netuid is null ? "Bittensor network" : $"SN{netuid}", AsOf = asOf, BaseValue = value,
        SourceName = source, SourceUrl = url, SourceKind = RevenueSourceType.ThirdParty, EnteredBy = "test", EnteredAt = asOf,
    };

    [Fact]
    public async Task A_claim_nine_days_after_the_data_is_measured_on_the_last_day_and_judged()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        var client = app.CreateClient();
        using var network = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/network?window=30", UriKind.Relative)));
        var subsidy = network.RootElement.GetProperty("annualisedSubsidyUsd").GetProperty("base").GetDecimal();
        // Claims are stored to 6 decimals: claimed figures rounded to cents.
        var twice = decimal.Round(subsidy * 2, 2);
        var close = decimal.Round(subsidy * 1.05m, 2);
        await using (var db = app.Database.CreateDbContext())
        {
            // Twice the network's subsidy on 2025-10-27, claimed as of 2025-11-05: TaoLens measures 2.0× less, 9 days away.
            db.FigureClaims.Add(Claim(ClaimQuantity.AnnualSubsidyUsd, null, new DateTimeOffset(2025, 11, 5, 0, 0, 0, TimeSpan.Zero), twice));
            // Within 10% (measured / claimed = 1 / 1.05).
            db.FigureClaims.Add(Claim(ClaimQuantity.AnnualSubsidyUsd, null, new DateTimeOffset(2025, 10, 27, 0, 0, 0, TimeSpan.Zero), close, "close source"));
            await db.SaveChangesAsync();
        }

        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/claims", UriKind.Relative)));
        var checks = json.RootElement.EnumerateArray().Where(c => c.GetProperty("sourceName").GetString() is "test source" or "close source").ToList();

        var far = checks.Single(c => c.GetProperty("sourceName").GetString() == "test source");
        Assert.Equal("2025-10-27", far.GetProperty("measuredOn").GetString());
        Assert.Equal(9, far.GetProperty("gapDays").GetInt32());
        Assert.Equal(subsidy, far.GetProperty("measured").GetProperty("base").GetDecimal());
        Assert.Equal(decimal.Round(subsidy / twice, 9), decimal.Round(far.GetProperty("ratio").GetProperty("base").GetDecimal(), 9));
        Assert.Equal("TaoLens measures 2.0× less", far.GetProperty("verdictText").GetString());
        var near = checks.Single(c => c.GetProperty("sourceName").GetString() == "close source");
        Assert.Equal(0, near.GetProperty("gapDays").GetInt32());
        Assert.Equal("consistent within 10% of the claim", near.GetProperty("verdictText").GetString());
    }

    [Fact]
    public async Task Claims_30_days_outside_the_data_are_measured_at_its_edge_and_31_days_outside_say_no_data()
    {
        // SN5's annual subsidy in the reference data: the 30-day window needs ceiling(30 × 0.8) = 24 days with a TAO
        // price, and prices start on 2025-09-30, so the first day with the figure is 2025-10-23 (09-30..10-23 is 24 days);
        // the last is the data's last day, 2025-10-27. The engine runs only over the claims' reach (their day ± 30,
        // clipped to the data); read for SN5 alone, no other claim widens that run, so an off-by-one there loses the edge day.
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        await using (var db = app.Database.CreateDbContext())
        {
            var first = new DateTimeOffset(2025, 10, 23, 0, 0, 0, TimeSpan.Zero);
            var last = new DateTimeOffset(2025, 10, 27, 0, 0, 0, TimeSpan.Zero);
            db.FigureClaims.AddRange(
                Claim(ClaimQuantity.AnnualSubsidyUsd, 5, last.AddDays(30), 1_000_000m, "after 30"),
                Claim(ClaimQuantity.AnnualSubsidyUsd, 5, last.AddDays(31), 1_000_000m, "after 31"),
                Claim(ClaimQuantity.AnnualSubsidyUsd, 5, first.AddDays(-30), 1_000_000m, "before 30"),
                Claim(ClaimQuantity.AnnualSubsidyUsd, 5, first.AddDays(-31), 1_000_000m, "before 31"));
            await db.SaveChangesAsync();
        }

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync(new Uri("/api/v1/claims?netuid=5", UriKind.Relative)));
        var bySource = json.RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("sourceName").GetString()!, c => c.Clone());

        Assert.Equal(["after 30", "after 31", "before 30", "before 31"], bySource.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("2025-10-27", bySource["after 30"].GetProperty("measuredOn").GetString());
        Assert.Equal(30, bySource["after 30"].GetProperty("gapDays").GetInt32());
        Assert.Equal("2025-10-23", bySource["before 30"].GetProperty("measuredOn").GetString());
        Assert.Equal(30, bySource["before 30"].GetProperty("gapDays").GetInt32());
        foreach (var outside in new[] { "after 31", "before 31" })
        {
            Assert.Equal(JsonValueKind.Null, bySource[outside].GetProperty("measuredOn").ValueKind);
            Assert.Equal(JsonValueKind.Null, bySource[outside].GetProperty("gapDays").ValueKind);
            Assert.Equal("noData", bySource[outside].GetProperty("verdict").GetString());
            Assert.StartsWith("no data within 30 days of the claim", bySource[outside].GetProperty("verdictText").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Untrusted_source_text_is_encoded_and_only_http_links_are_links()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        await using (var db = app.Database.CreateDbContext())
        {
            var at = new DateTimeOffset(2025, 10, 1, 0, 0, 0, TimeSpan.Zero);
            db.FigureClaims.Add(Claim(ClaimQuantity.FullyDilutedUsd, 64, at, 1_000_000m, "Evil <b>source</b>", "javascript:alert(1)"));
            db.FigureClaims.Add(Claim(ClaimQuantity.FullyDilutedUsd, 64, at.AddDays(1), 1_000_000m, "Good source", "https://example.org/report"));
            await db.SaveChangesAsync();
        }

        var html = await app.CreateClient().GetStringAsync(new Uri("/claims", UriKind.Relative));

        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.Contains("Evil &lt;b&gt;source&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org/report\" rel=\"noopener noreferrer nofollow\">Good source</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrected_revenue_entry_is_no_longer_a_claim_its_correction_is()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        await using (var db = app.Database.CreateDbContext())
        {
            var templar = await db.RevenueEntries.SingleAsync(e => e.Netuid == 3);
            db.RevenueEntries.Add(new RevenueEntry
            {
                Netuid = 3, Subject = templar.Subject, Kind = templar.Kind, AsOf = templar.AsOf, AmountUsd = 3_000_000m, SourceName = templar.SourceName,
                SourceKind = templar.SourceKind, EnteredBy = "test", EnteredAt = DateTimeOffset.UnixEpoch, CorrectsId = templar.Id,
            });
            await db.SaveChangesAsync();
        }

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync(new Uri("/api/v1/claims?netuid=3", UriKind.Relative)));

        var revenue = json.RootElement.EnumerateArray().Where(c => c.GetProperty("quantity").GetString() == "externalRevenueUsd" && c.GetProperty("netuid").ValueKind == JsonValueKind.Number).ToList();
        Assert.Equal(3_000_000m, Assert.Single(revenue).GetProperty("claimedBase").GetDecimal());
    }
}
