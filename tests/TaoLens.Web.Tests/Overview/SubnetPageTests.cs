using System.Net;
using TaoLens.Data.Revenue;
using TaoLens.Web.Tests.Infrastructure;

namespace TaoLens.Web.Tests.Overview;

public sealed class SubnetPageTests
{
    [Fact]
    public async Task Subnet_page_shows_the_headline_and_the_revenue_entries_behind_it()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        var html = await app.CreateClient().GetStringAsync(new Uri("/subnets/3", UriKind.Relative));

        Assert.Contains("templar", html, StringComparison.Ordinal);
        Assert.Contains("As of 2025-10-27", html, StringComparison.Ordinal);
        Assert.Contains("run-rate (per year)", html, StringComparison.Ordinal);
        Assert.Contains("$2,400,000", html, StringComparison.Ordinal);
        Assert.Contains("ThirdParty", html, StringComparison.Ordinal);
        Assert.Contains("Reference data.", html, StringComparison.Ordinal);
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

    private static RevenueEntry Entry(DateTimeOffset asOf, string url, string source) => new()
    {
        Netuid = 64, Subject = "Chutes", Kind = RevenueKind.RunRate, AsOf = asOf, AmountUsd = 1_000_000m, SourceName = source, SourceUrl = url,
        SourceKind = RevenueSourceKind.SelfReported, EnteredBy = "test", EnteredAt = asOf,
    };
}
