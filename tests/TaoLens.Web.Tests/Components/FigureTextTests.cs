using System.Globalization;
using Bunit;
using TaoLens.Web.Features.Overview;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Tests.Components;

public sealed class FigureTextTests : BunitContext
{
    private string Text(Figure figure, string unit) =>
        string.Concat(Render<FigureText>(p => p.Add(c => c.Value, figure).Add(c => c.Unit, unit)).Nodes.Select(n => n.TextContent));

    [Theory]
    [InlineData("USD", "66604906.4", "$66,604,906")]
    [InlineData("USD-cents", "322.124618259631", "$322.12")]
    [InlineData("x", "43.75", "43.8x")]
    [InlineData("x", "0.04", "0.0x")]
    [InlineData("%", "40", "40.0%")]
    [InlineData("TAO", "584.7067512", "584.71")]
    [InlineData("", "1234.5", "1,234.50")]
    public void Values_are_formatted_by_unit_with_invariant_separators(string unit, string value, string expected)
    {
        // Decimals cannot be attribute arguments, so the values come in as invariant text.
        var number = decimal.Parse(value, CultureInfo.InvariantCulture);
        Assert.Equal(expected, Text(new Figure(number, number, number, null), unit));
    }

    [Fact]
    public void The_title_carries_the_unrounded_value_and_unit()
    {
        var figure = Render<FigureText>(p => p.Add(c => c.Value, new Figure(43.8123m, 43.8123m, 43.8123m, null)).Add(c => c.Unit, "x"));

        Assert.Equal("43.8123 x", figure.Find("span").GetAttribute("title"));
    }

    [Theory]
    [InlineData("noPrice", "n/a (no price for that day)")]
    [InlineData("noRevenueData", "n/a (no revenue data)")]
    [InlineData("StaleRevenue", "n/a (revenue data is stale)")]
    [InlineData("somethingNew", "n/a (somethingNew)")]
    [InlineData(null, "n/a (missing)")]
    public void Missing_values_say_why_in_words(string? reason, string expected)
    {
        var figure = Render<FigureText>(p => p.Add(c => c.Value, new Figure(null, null, null, reason)).Add(c => c.Unit, "USD"));

        Assert.Equal(expected, figure.Find("span.na").TextContent);
        Assert.Null(figure.Find("span").GetAttribute("title"));
    }

    [Fact]
    public void A_range_follows_the_base_and_an_open_high_end_says_open()
    {
        Assert.Equal("$57,600 ($28,800–$86,400)", Text(new Figure(28_800m, 57_600m, 86_400m, null), "USD"));
        Assert.Equal("40.0% (20.0%–open)", Text(new Figure(20m, 40m, null, null), "%"));
        Assert.Equal("$57,600", Text(new Figure(57_600m, 57_600m, 57_600m, null), "USD"));
    }
}
