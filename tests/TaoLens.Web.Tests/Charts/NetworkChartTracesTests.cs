using System.Globalization;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Charts;
using TaoLens.Web.Features.Subnets;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Tests.Charts;

/// <summary>The overview's network chart, built from hand-made rows whose positions, sizes and groups are worked out by hand.</summary>
public sealed class NetworkChartTracesTests
{
    private const string HostileName = "<b onmouseover=alert(1)>Evil</b> %{y} & co";

    // Subsidy $4M, $1M, $250k and $1M: $6.25M in all, shares 64%, 16%, 4% and 16%. Revenue $100k (40x), $500k (2x),
    // $1M (0.25x) and none. SN5 has no subsidy figure (window incomplete) and SN6 a zero one.
    private static readonly SubnetRow[] s_rows =
    [
        Row(1, "alpha", 4_000_000m, 100_000m, 40m),
        Row(2, HostileName, 1_000_000m, 500_000m, 2m),
        Row(3, "gamma", 250_000m, 1_000_000m, 0.25m),
        Row(4, "delta", 1_000_000m, null, null),
        Row(5, "epsilon", null, 300_000m, null),
        Row(6, "zeta", 0m, null, null),
    ];

    private static SubnetRow Row(int netuid, string? name, decimal? subsidy, decimal? revenue, decimal? ratio)
    {
        var none = Figure.From(Metric.Missing(MissingReason.NoSnapshot));
        return new SubnetRow(netuid, name, null, false, none,
            subsidy is { } s ? new Figure(s, s, s, null) : Figure.From(Metric.Missing(MissingReason.WindowIncomplete)),
            revenue is { } r ? new Figure(r / 2, r, r * 2, null) : Figure.From(Metric.Missing(MissingReason.NoRevenueData)),
            null, null, false,
            ratio is { } x ? new Figure(x, x, x, null) : Figure.From(Metric.Missing(MissingReason.NoRevenueData)),
            none, none);
    }

    private static List<Scatter> Traces(NetworkChartFigure figure) => [.. figure.Data.Cast<Scatter>()];

    private static Scatter Trace(NetworkChartFigure figure, string name) => Traces(figure).Single(t => t.Name == name);

    private static double[] Numbers(IList<object> values) => [.. values.Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture))];

    private static void AssertClose(double[] expected, IList<object> actual)
    {
        var numbers = Numbers(actual);
        Assert.Equal(expected.Length, numbers.Length);
        Assert.All(expected.Zip(numbers), p => Assert.Equal(p.First, p.Second, 9));
    }

    [Fact]
    public void Each_subnet_sits_at_its_revenue_and_subsidy_in_the_group_its_multiple_puts_it()
    {
        var figure = NetworkChartTraces.Build(s_rows, SubsidySide.TaoSide, 30);

        Assert.Equal(
            ["1×: subsidy = revenue", "10×: subsidy = 10 × revenue", "Subsidy over 10× revenue", "Subsidy 1–10× revenue", "Revenue at or above subsidy", NetworkChartTraces.NoRevenueName],
            Traces(figure).Select(t => t.Name));
        var above = Trace(figure, "Subsidy over 10× revenue");
        Assert.Equal([100_000d], Numbers(above.X));
        Assert.Equal([4_000_000d], Numbers(above.Y));
        Assert.Equal(["1"], above.TextArray);
        Assert.Equal([500_000d], Numbers(Trace(figure, "Subsidy 1–10× revenue").X));
        Assert.Equal([1_000_000d], Numbers(Trace(figure, "Subsidy 1–10× revenue").Y));
        Assert.Equal([1_000_000d], Numbers(Trace(figure, "Revenue at or above subsidy").X));
        Assert.Equal([250_000d], Numbers(Trace(figure, "Revenue at or above subsidy").Y));
    }

    [Fact]
    public void Point_area_follows_the_share_of_the_networks_subsidy()
    {
        var figure = NetworkChartTraces.Build(s_rows, SubsidySide.TaoSide, 30);

        // Diameter 40 px × √(share ÷ largest share): 64% → 40, 16% → 20, 4% → 10.
        Assert.Equal([40m], Trace(figure, "Subsidy over 10× revenue").Marker.SizeArray);
        Assert.Equal([20m], Trace(figure, "Subsidy 1–10× revenue").Marker.SizeArray);
        Assert.Equal([10m], Trace(figure, "Revenue at or above subsidy").Marker.SizeArray);
        Assert.Equal([20m], Trace(figure, NetworkChartTraces.NoRevenueName).Marker.SizeArray);
        Assert.Contains("Share of the network's subsidy: 64.0%", Trace(figure, "Subsidy over 10× revenue").HoverTextArray.Single(), StringComparison.Ordinal);
        Assert.Contains("Share of the network's subsidy: 4.0%", Trace(figure, "Revenue at or above subsidy").HoverTextArray.Single(), StringComparison.Ordinal);
        // A share too small to see still gets the smallest marker: 40 × √(1/1,000,000) = 0.04 px → 5 px.
        Assert.Equal(NetworkChartTraces.SmallestMarker, NetworkChartTraces.MarkerSize(4m, 4_000_000m));
    }

    [Fact]
    public void The_1x_and_10x_lines_run_across_the_decades_the_points_span()
    {
        var figure = NetworkChartTraces.Build(s_rows, SubsidySide.TaoSide, 30);

        // Values from $100k to $4M: decades 10^5 to 10^7 on both axes.
        var oneX = Trace(figure, "1×: subsidy = revenue");
        Assert.Equal([100_000d, 10_000_000d], Numbers(oneX.X));
        Assert.Equal([100_000d, 10_000_000d], Numbers(oneX.Y));
        Assert.Equal(HoverInfoFlag.Skip, oneX.HoverInfo);
        var tenX = Trace(figure, "10×: subsidy = 10 × revenue");
        Assert.Equal([100_000d, 1_000_000d], Numbers(tenX.X));
        Assert.Equal([1_000_000d, 10_000_000d], Numbers(tenX.Y));
        Assert.Equal("dash", tenX.Line.Dash);
        var x = figure.Layout.XAxis.Single();
        var y = figure.Layout.YAxis.Single();
        Assert.Equal(Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Log, x.Type);
        Assert.Equal(Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log, y.Type);
        // Log axes take their range in decades: the strip centred at 10^4.25, 1.15 decades left of the data.
        AssertClose([3.85, 7.15], x.Range);
        AssertClose([4.85, 7.15], y.Range);
        Assert.Equal(["no revenue data", "$100k", "$1M", "$10M"], x.TickText.Cast<string>());
        AssertClose([Math.Pow(10, 4.25), 100_000d, 1_000_000d, 10_000_000d], x.TickVals);
        Assert.Equal(["$100k", "$1M", "$10M"], y.TickText.Cast<string>());
    }

    [Fact]
    public void Subnets_without_revenue_sit_in_a_shaded_strip_left_of_the_revenue_axis()
    {
        var figure = NetworkChartTraces.Build(s_rows, SubsidySide.TaoSide, 30);

        var strip = Trace(figure, NetworkChartTraces.NoRevenueName);
        Assert.Equal(["4"], strip.TextArray);
        Assert.Equal([1_000_000d], Numbers(strip.Y));
        // The strip's first column: 10^(4.25 − 0.15).
        AssertClose([Math.Pow(10, 4.1)], strip.X);
        Assert.Contains("External revenue: n/a (no revenue data)", strip.HoverTextArray.Single(), StringComparison.Ordinal);
        // Shaded up to 10^4.65, in paper units: (4.65 − 3.85) ÷ (7.15 − 3.85).
        var shade = figure.Layout.Shapes.Single();
        Assert.Equal("paper", shade.XRef);
        Assert.Equal(0, Convert.ToDouble(shade.X0, CultureInfo.InvariantCulture));
        Assert.Equal(0.8 / 3.3, Convert.ToDouble(shade.X1, CultureInfo.InvariantCulture), 9);
    }

    [Fact]
    public void In_the_strip_only_points_wide_enough_carry_their_netuid_and_every_point_keeps_its_hover()
    {
        // SN9's $40k is 1% of the largest subsidy: 40 × √0.01 = 4 px, drawn at the 5 px minimum, under the 12 px for a label.
        var figure = NetworkChartTraces.Build([.. s_rows, Row(9, "tiny", 40_000m, null, null)], SubsidySide.TaoSide, 30);

        var strip = Trace(figure, NetworkChartTraces.NoRevenueName);
        Assert.Equal(["4", ""], strip.TextArray);
        Assert.Equal([20m, 5m], strip.Marker.SizeArray);
        Assert.StartsWith("<b>SN9 tiny</b>", strip.HoverTextArray[1], StringComparison.Ordinal);
        // Outside the strip every point is labelled, however small: SN3's 10 px.
        Assert.Equal(["3"], Trace(figure, "Revenue at or above subsidy").TextArray);
    }

    [Fact]
    public void Without_a_subnet_lacking_revenue_there_is_no_strip()
    {
        var figure = NetworkChartTraces.Build([.. s_rows.Take(3)], SubsidySide.TaoSide, 30);

        Assert.DoesNotContain(Traces(figure), t => t.Name == NetworkChartTraces.NoRevenueName);
        Assert.Empty(figure.Layout.Shapes);
        Assert.Equal(["$100k", "$1M", "$10M"], figure.Layout.XAxis.Single().TickText.Cast<string>());
    }

    [Fact]
    public void A_subnet_without_a_subsidy_figure_is_left_out_and_counted_never_drawn_as_zero()
    {
        var figure = NetworkChartTraces.Build(s_rows, SubsidySide.TaoSide, 30);

        var drawn = Traces(figure).Where(t => t.TextArray is not null).SelectMany(t => t.TextArray).ToList();
        Assert.Equal(["1", "2", "3", "4"], drawn);
        Assert.Equal(new NetworkChartSummary(6, 4, 1, 1, 3, 1, 0), figure.Summary);
        Assert.Equal(
            "4 subnets; 3 have revenue; 1 lives on subsidy above 10x. 1 subnet has no subsidy figure yet and is left out. "
            + "1 subnet with zero subsidy is not drawn (zero has no place on a log axis).",
            figure.Summary.Text);
    }

    [Fact]
    public void Hover_says_the_figures_notes_and_a_registration_inside_the_window_in_words()
    {
        var row = Row(7, "eta", 2_000_000m, 50_000m, 40m);
        var noted = row with
        {
            AnnualisedSubsidyUsd = row.AnnualisedSubsidyUsd with { Notes = ["windowHasGaps"] },
            SubsidyToRevenue = row.SubsidyToRevenue with { Notes = ["immaterialRevenue"] },
            RegisteredOn = new DateOnly(2026, 11, 17),
            Notes = [RegistrationNote.Code],
        };

        var figure = NetworkChartTraces.Build([.. s_rows, noted], SubsidySide.TaoSide, 7);

        var hover = Trace(figure, "Subsidy over 10× revenue").HoverTextArray.Single(h => h.StartsWith("<b>SN7 ", StringComparison.Ordinal));
        Assert.EndsWith(
            "<br>Subsidy note: the window has gaps: annualised over the days present"
            + "<br>Subsidy ÷ revenue note: revenue is immaterial: under $1,000 a year or under a thousandth of the subsidy"
            + "<br>Registered on 2026-11-17, inside the window: earlier days count as zero",
            hover, StringComparison.Ordinal);
        // A row without notes says none.
        Assert.DoesNotContain("note:", Trace(figure, "Subsidy 1–10× revenue").HoverTextArray.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Names_reach_plotly_only_encoded_and_only_in_hover_text_no_template_reads()
    {
        var figure = NetworkChartTraces.Build(s_rows, SubsidySide.TaoSide, 30);

        var hover = Trace(figure, "Subsidy 1–10× revenue").HoverTextArray.Single();
        Assert.StartsWith("<b>SN2 &lt;b onmouseover=alert(1)&gt;Evil&lt;/b&gt; %{y} &amp; co</b><br>", hover, StringComparison.Ordinal);
        Assert.Contains("Subsidy (TAO side, 30-day window): $1,000,000 a year", hover, StringComparison.Ordinal);
        Assert.Contains("External revenue: $500,000 a year (range $250,000–$1,000,000)", hover, StringComparison.Ordinal);
        Assert.Contains("Subsidy ÷ revenue: 2.0x", hover, StringComparison.Ordinal);
        foreach (var trace in Traces(figure))
        {
            // No template at all: a "%{y}" in a name cannot be expanded, and the name is nowhere but the hover text.
            Assert.Null(trace.HoverTemplate);
            var texts = new[] { trace.Name, trace.LegendGroup }.Concat(trace.TextArray ?? []).OfType<string>();
            Assert.All(texts, t => Assert.DoesNotContain("Evil", t, StringComparison.Ordinal));
            Assert.All(trace.HoverTextArray ?? [], t => Assert.DoesNotContain("<b onmouseover", t, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_alpha_side_says_so_in_the_hover_and_the_caption()
    {
        var figure = NetworkChartTraces.Build(s_rows, SubsidySide.AlphaSide, 7);

        Assert.Contains("Subsidy (alpha side, 7-day window)", Trace(figure, "Subsidy over 10× revenue").HoverTextArray.Single(), StringComparison.Ordinal);
        Assert.Contains("(alpha side, trailing 7-day window)", NetworkChartTraces.Explanation(SubsidySide.AlphaSide, 7), StringComparison.Ordinal);
    }

    [Fact]
    public void At_most_the_cap_of_points_is_drawn_the_largest_subsidies_first_and_the_rest_counted()
    {
        var figure = NetworkChartTraces.Build(s_rows, SubsidySide.TaoSide, 30, maxPoints: 2);

        // SN2 and SN4 tie at $1M; the lower netuid goes first. Shares stay shares of the whole $6.25M.
        var drawn = Traces(figure).Where(t => t.TextArray is not null).SelectMany(t => t.TextArray).ToList();
        Assert.Equal(["1", "2"], drawn);
        Assert.Equal(2, figure.Summary.LeftOut);
        Assert.Contains("Only the 2 largest by subsidy are drawn; 2 smaller are left out.", figure.Summary.Text, StringComparison.Ordinal);
        Assert.Contains("Share of the network's subsidy: 64.0%", Trace(figure, "Subsidy over 10× revenue").HoverTextArray.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_to_draw_gives_no_traces_and_says_no_data()
    {
        var figure = NetworkChartTraces.Build([Row(5, "epsilon", null, null, null), Row(7, null, null, null, null)], SubsidySide.TaoSide, 30);

        Assert.Empty(figure.Data);
        Assert.Equal(0, figure.Summary.Drawn);
        Assert.Equal("No data to draw. 2 subnets have no subsidy figure yet and are left out.", figure.Summary.Text);
    }

    [Theory]
    [InlineData(0, "$1")]
    [InlineData(2, "$100")]
    [InlineData(3, "$1k")]
    [InlineData(5, "$100k")]
    [InlineData(7, "$10M")]
    [InlineData(9, "$1B")]
    [InlineData(13, "$10T")]
    public void Decades_read_as_money(int power, string label) => Assert.Equal(label, NetworkChartTraces.Decade(power));

    [Fact]
    public void Encoding_turns_markup_into_text_plotly_shows_literally() =>
        Assert.Equal("&lt;script&gt;x&amp;&lt;/script&gt; \"q\"", NetworkChartTraces.Encode("<script>x&</script> \"q\""));
}
