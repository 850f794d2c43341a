using TaoLens.Web.Tests.Infrastructure;

namespace TaoLens.Web.Tests.Overview;

public sealed class ComparePageTests
{
    [Fact]
    public async Task Compare_lists_the_chosen_subnets_with_the_metric_as_of_the_end_of_the_range()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        var html = await app.CreateClient().GetStringAsync(new Uri("/compare?netuids=3,64&metric=taoPerDay&from=2025-10-01&to=2025-10-27", UriKind.Relative));

        Assert.Contains("taoPerDay as of 2025-10-27", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/subnets/3\">templar</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/subnets/64\">chutes</a>", html, StringComparison.Ordinal);
        Assert.Contains("584.71", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_draws_one_chart_with_its_unit_and_netuid_labels_only()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        var html = System.Net.WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync(
            new Uri("/compare?netuids=3,64&metric=taoPriceUsd&from=2025-10-01&to=2025-10-27", UriKind.Relative)));

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<figure class=\"chart\""));
        Assert.Contains(">taoPriceUsd</h3>", html, StringComparison.Ordinal);
        Assert.Contains("Unit: USD per TAO. One point a day, 2025-10-01 to 2025-10-27 (UTC). Daily values; no window.", html, StringComparison.Ordinal);
        Assert.Contains("taoPriceUsd as of 2025-10-27", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_compare_table_writes_each_value_in_its_metric_unit()
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        var html = System.Net.WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync(
            new Uri("/compare?netuids=3,64&metric=taoPriceUsd&from=2025-10-01&to=2025-10-27", UriKind.Relative)));

        // The real TAO price of 2025-10-27, 404.280085371133 USD, in cents, under a header that names the unit.
        Assert.Contains(">taoPriceUsd (USD per TAO)</th>", html, StringComparison.Ordinal);
        Assert.Contains(">$404.28</span>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/compare", "Name up to 8 subnets")]
    [InlineData("/compare?netuids=1,2,3,4,5,6,7,8,9", "up to 8 whole numbers")]
    [InlineData("/compare?netuids=3,abc", "up to 8 whole numbers")]
    [InlineData("/compare?netuids=9999", "None of those subnets has data")]
    [InlineData("/compare?netuids=64&from=0001-01-01", "From must be between 2000-01-01 and 2100-12-31; got 0001-01-01. Showing the default range instead.")]
    [InlineData("/compare?netuids=64&to=9999-12-31", "To must be between 2000-01-01 and 2100-12-31; got 9999-12-31. Showing the default range instead.")]
    [InlineData("/compare?netuids=3,64&from=0001-01-01&to=0001-01-02", "From must be between 2000-01-01 and 2100-12-31")]
    public async Task Bad_selections_say_what_is_wrong(string url, string message)
    {
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true);

        var html = await app.CreateClient().GetStringAsync(new Uri(url, UriKind.Relative));

        Assert.Contains(message, html, StringComparison.Ordinal);
    }
}
