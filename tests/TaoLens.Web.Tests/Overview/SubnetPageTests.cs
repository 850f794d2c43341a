using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using TaoLens.Core.Valuation;
using TaoLens.Data.Revenue;
using TaoLens.Web.Tests.Infrastructure;

namespace TaoLens.Web.Tests.Overview;

public sealed class SubnetPageTests
{
    [Fact]
    public async Task Subnet_page_shows_the_headline_and_the_revenue_entries_behind_it()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        var html = await app.CreateClient().GetStringAsync(new Uri("/subnets/64", UriKind.Relative));

        // The reference ledger's Chutes claim: $5.5M claimed, of which 75% organic ($4.125M) is the external base.
        Assert.Contains("chutes", html, StringComparison.Ordinal);
        Assert.Contains("As of 2025-10-27", html, StringComparison.Ordinal);
        Assert.Contains("run-rate (per year)", html, StringComparison.Ordinal);
        Assert.Contains("$4,125,000", html, StringComparison.Ordinal);
        Assert.Contains("$5,500,000", html, StringComparison.Ordinal);
        Assert.Contains("ThirdParty", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://www.tao.media/the-investors-guide-to-chutes-bittensors-inference-layer\"", html, StringComparison.Ordinal);
        Assert.Contains("Reference data.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_range_the_charts_span_the_reference_history_rather_than_90_days_half_empty()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        var html = await app.CreateClient().GetStringAsync(new Uri("/subnets/64", UriKind.Relative));

        // The reference data starts on 2025-09-14 and ends on 2025-10-27: 44 days, all of them on the charts.
        Assert.Contains("value=\"2025-09-14\"", html, StringComparison.Ordinal);
        Assert.Contains("One point a day, 2025-09-14 to 2025-10-27 (UTC).", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_charts_say_revenue_is_the_ledger_as_known_now()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        var html = await app.CreateClient().GetStringAsync(new Uri("/subnets/3", UriKind.Relative));

        var charts = html[html.IndexOf("id=\"charts-heading\"", StringComparison.Ordinal)..];
        Assert.Contains("Revenue on these charts is the ledger as known now", charts[..charts.IndexOf("</section>", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_http_source_links_become_links()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        await using (var db = app.Database.CreateDbContext())
        {
            var at = new DateTimeOffset(2025, 10, 1, 0, 0, 0, TimeSpan.Zero);
            db.RevenueEntries.AddRange(
                Entry(at, "javascript:alert(1)", "Evil <b>source</b>"),
                Entry(at.AddDays(1), "https://example.org/report", "Good source"));
            await db.SaveChangesAsync();
        }

        var html = await app.CreateClient().GetStringAsync(new Uri("/subnets/64", UriKind.Relative));

        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.Contains("Evil &lt;b&gt;source&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org/report\" rel=\"noopener noreferrer nofollow\">Good source</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subnet_page_has_a_figure_per_chart_with_its_unit_window_and_what_gaps_mean()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        var html = await Page(app, "/subnets/64?from=2025-06-01&to=2025-10-27&window=7");

        Assert.Equal(5, Regex.Count(html, "<figure class=\"chart\""));
        string[] headings = ["Subsidy against external revenue", "Subsidy ÷ revenue, TAO side", "P/S: alpha market cap ÷ revenue", "Alpha price and market cap", "TAO price and alpha price in TAO"];
        Assert.All(headings, h => Assert.Contains($">{h}</h3>", html, StringComparison.Ordinal));
        Assert.Contains("Unit: USD per year. One point a day, 2025-06-01 to 2025-10-27 (UTC). Annualised over a trailing 7-day window.", html, StringComparison.Ordinal);
        Assert.Contains("Unit: x.", html, StringComparison.Ordinal);
        Assert.Contains("Left axis: USD per alpha; right axis: USD.", html, StringComparison.Ordinal);
        Assert.Contains("Left axis: USD per TAO; right axis: TAO per alpha.", html, StringComparison.Ordinal);
        Assert.Equal(5, Regex.Count(html, "Gaps are days without data: a missing figure is left out, never drawn as zero."));
        // The one mechanism change in the range is named on every chart.
        Assert.Equal(5, Regex.Count(html, Regex.Escape("Uniswap-v3-style alpha pools (2025-06-30, approximate date)")));
    }

    [Fact]
    public async Task The_filter_form_carries_range_window_and_side_in_the_url()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        var html = await Page(app, "/subnets/64?from=2025-10-01&to=2025-10-27&window=90&side=alpha");

        Assert.Contains("<form method=\"get\" class=\"filters\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"from\" value=\"2025-10-01\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"to\" value=\"2025-10-27\"", html, StringComparison.Ordinal);
        Assert.Matches("<option value=\"90\" selected", html);
        Assert.Matches("<option value=\"alpha\" selected", html);
        Assert.DoesNotMatch("<option value=\"tao\" selected", html);
    }

    [Fact]
    public async Task Side_alpha_puts_the_alpha_side_in_the_headline_and_the_subsidy_to_revenue_chart()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);
        var client = app.CreateClient();

        var html = await Page(app, "/subnets/64?side=alpha");
        using var api = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/subnets/64?side=alpha", UriKind.Relative)));

        Assert.Contains("subsidy alpha side, trailing 30-day window", html, StringComparison.Ordinal);
        Assert.Contains(">Subsidy ÷ revenue, alpha side</h3>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Subsidy ÷ revenue, TAO side", html, StringComparison.Ordinal);
        // The headline's subsidy is the alpha side's, the same figure the API gives for side=alpha.
        var subsidy = api.RootElement.GetProperty("headline").GetProperty("annualisedSubsidyUsd");
        Assert.Contains(subsidy.GetProperty("base").ValueKind == JsonValueKind.Number
            ? "$" + subsidy.GetProperty("base").GetDecimal().ToString("N0", CultureInfo.InvariantCulture)
            : "n/a (", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/subnets/64")]
    [InlineData("/subnets/64?side=sideways")]
    public async Task A_missing_or_bad_side_falls_back_to_the_tao_side(string url)
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        var html = await Page(app, url);

        Assert.Contains("subsidy TAO side", html, StringComparison.Ordinal);
        Assert.Contains(">Subsidy ÷ revenue, TAO side</h3>", html, StringComparison.Ordinal);
        Assert.Matches("<option value=\"tao\" selected", html);
    }

    [Theory]
    [InlineData("/subnets/64?from=0001-01-01&to=0001-01-10", "From must be between 2000-01-01 and 2100-12-31; got 0001-01-01; to must be between")]
    [InlineData("/subnets/64?to=9999-12-31", "To must be between 2000-01-01 and 2100-12-31; got 9999-12-31.")]
    [InlineData("/subnets/64?from=0001-01-01", "From must be between 2000-01-01 and 2100-12-31; got 0001-01-01.")]
    [InlineData("/subnets/64?from=2025-10-27&to=2025-10-01", "From (2025-10-27) is after to (2025-10-01).")]
    [InlineData("/subnets/64?from=yesterday", "From must be a date written YYYY-MM-DD.")]
    public async Task A_range_out_of_bounds_shows_the_default_range_and_says_why(string url, string message)
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        var response = await app.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("Showing the default range instead.", html, StringComparison.Ordinal);
        Assert.Contains("One point a day, 2025-09-14 to 2025-10-27 (UTC).", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/subnets/64?window=abc")]
    [InlineData("/subnets/64?window=7&window=30")]
    [InlineData("/subnets/64?window=99999999999")]
    [InlineData("/subnets/64?side=tao&side=alpha&window=")]
    public async Task A_malformed_window_or_side_falls_back_to_the_default(string url)
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        var response = await app.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // A repeated window is read as one of its values; anything else is the default.
        Assert.Matches("subsidy TAO side, trailing (30|7)-day window", html);
    }

    [Theory]
    [InlineData("/subnets/4242")]
    [InlineData("/no/such/page")]
    public async Task An_unknown_subnet_or_address_is_a_404_page(string url)
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: false);

        var response = await app.CreateClient().GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no page at this address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // The page as a browser would read it: entities decoded, so assertions can use "÷".
    private static async Task<string> Page(TaoLensAppFactory app, string url) =>
        WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync(new Uri(url, UriKind.Relative)));

    private static RevenueEntry Entry(DateTimeOffset asOf, string url, string source) => new()
    {
        Netuid = 64, Subject = "Chutes", Kind = RevenueEntryKind.RunRate, AsOf = asOf, AmountUsd = 1_000_000m, SourceName = source, SourceUrl = url,
        SourceKind = RevenueSourceType.SelfReported, EnteredBy = "test", EnteredAt = asOf,
    };
}
