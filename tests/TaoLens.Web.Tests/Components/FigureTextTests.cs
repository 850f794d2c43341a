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

    [Fact]
    public void A_range_open_at_the_top_says_open_even_when_its_low_equals_its_base()
    {
        // Subsidy over revenue of $0–$1M with base $1M: low = base = 10x, no upper bound.
        Assert.Equal("10.0x (10.0x–open)", Text(new Figure(10m, 10m, null, null) { Notes = ["highUnbounded"] }, "x"));
    }

    [Fact]
    public void Notes_show_a_marker_with_the_words_on_hover_and_for_screen_readers()
    {
        var figure = Render<FigureText>(p => p
            .Add(c => c.Value, new Figure(1_000m, 1_000m, 1_000m, null) { Notes = ["excessTaoUnknown", "someSubnetsMissing"] })
            .Add(c => c.Unit, "USD"));

        var marker = figure.Find("span.note");
        const string Words = "chain buys (excess TAO) unknown on some days: counts tao_in only; some subnets are missing from this total";
        Assert.Equal(Words, marker.GetAttribute("title"));
        Assert.Equal("†", marker.ChildNodes[0].TextContent);
        Assert.Equal($" Note: {Words}.", marker.QuerySelector("span.visually-hidden")!.TextContent);
    }

    [Fact]
    public void A_figure_without_notes_or_only_an_open_high_end_has_no_marker()
    {
        Assert.Empty(Render<FigureText>(p => p.Add(c => c.Value, new Figure(1m, 1m, 1m, null)).Add(c => c.Unit, "USD")).FindAll("span.note"));
        Assert.Empty(Render<FigureText>(p => p.Add(c => c.Value, new Figure(1m, 2m, null, null) { Notes = ["highUnbounded"] }).Add(c => c.Unit, "x")).FindAll("span.note"));
    }

    [Fact]
    public void A_multiple_on_immaterial_revenue_reads_over_1000x_with_the_exact_value_in_the_title()
    {
        var over = Render<FigureText>(p => p
            .Add(c => c.Value, new Figure(46_720m, 46_720m, 46_720m, null) { Notes = ["immaterialRevenue"] })
            .Add(c => c.Unit, "x"));
        // Immaterial because revenue is under $1,000 a year, but the multiple itself is small: it shows as is.
        var small = Text(new Figure(0.5m, 0.5m, 0.5m, null) { Notes = ["immaterialRevenue"] }, "x");

        Assert.StartsWith("over 1,000x†", string.Concat(over.Nodes.Select(n => n.TextContent)), StringComparison.Ordinal);
        Assert.Equal("46720 x", over.Find("span").GetAttribute("title"));
        Assert.Contains("revenue is immaterial", over.Find("span.note").GetAttribute("title"), StringComparison.Ordinal);
        Assert.StartsWith("0.5x†", small, StringComparison.Ordinal);
    }
}
