using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Charts;
using TaoLens.Web.Features.Subnets;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Tests.Charts;

/// <summary>The pure step from engine series to Plotly traces, pinned on a hand-built series.</summary>
public sealed class ChartTracesTests
{
    private const int Netuid = 3;
    private static readonly DateOnly From = new(2026, 1, 1);
    private static readonly DateOnly To = new(2026, 1, 10);
    private static readonly DateOnly Gap = new(2026, 1, 5);

    // SN3 at 0.02 TAO an alpha, 4M alpha issued, TAO at $400 ($32M market cap), no snapshot on the gap day. Revenue is
    // $2.4M with a $1.2M–$4.8M range as of 2025-12-20, then a plain $2.4M from 2026-01-08: P/S 13.33x, range 6.67x–26.67x.
    private static SubnetValuationSeries Series(DateOnly from, DateOnly to, int windowDays = 7)
    {
        var options = new ValuationOptions { WindowDays = windowDays };
        var first = ValuationEngine.FirstInputDay(from, options);
        var days = Enumerable.Range(0, to.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToArray();
        var input = new ValuationInput
        {
            SubnetDays = [.. days.Where(d => d != Gap).Select(d => new SubnetDay(Netuid, d)
            {
                TaoInEmissionRao = 40_000_000,
                AlphaOutEmissionRao = 1_000_000_000,
                AlphaInEmissionRao = 2_000_000_000,
                AlphaInPoolRao = 1_000_000_000_000_000,
                AlphaOutstandingRao = 3_000_000_000_000_000,
                AlphaPriceTao = 0.02m,
                SnapshotCount = 1,
            })],
            MarketDays = [.. days.Select(d => new MarketDay(d) { PriceUsd = 400m, CirculatingSupply = 11_000_000m })],
            RevenueEntries =
            [
                RunRate(1, new DateOnly(2025, 12, 20), 2_400_000m, 1_200_000m, 4_800_000m),
                RunRate(2, new DateOnly(2026, 1, 8), 2_400_000m, null, null),
            ],
        };
        return ValuationEngine.Compute(input, from, to, options).Subnet(Netuid)!;
    }

    private static RevenueEntryInput RunRate(long id, DateOnly asOf, decimal amount, decimal? low, decimal? high) =>
        new(id, Netuid, RevenueEntryKind.RunRate, RevenueSourceType.ThirdParty)
        {
            AsOf = new DateTimeOffset(asOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            AmountUsd = amount,
            LowUsd = low,
            HighUsd = high,
        };

    private static ChartRequest Chart(params ChartLine[] lines) => Chart(From, To, lines);

    private static ChartRequest Chart(DateOnly from, DateOnly to, params ChartLine[] lines) =>
        new("sn3-test", "Test chart", Text(from), Text(to), 7, lines);

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static List<Scatter> Traces(ChartFigure figure) => [.. figure.Data.Cast<Scatter>()];

    [Fact]
    public void A_banded_line_gets_a_high_and_a_low_edge_per_run_of_ranged_days_then_its_own_trace()
    {
        var figure = ChartTraces.Build(Chart(new ChartLine(Netuid, "priceToSales", "P/S", Band: true)), _ => Series(From, To));

        // Runs: Jan 1–4 and Jan 6–7 (the gap day splits them; from Jan 8 revenue is a point, so no band).
        var traces = Traces(figure);
        Assert.Equal(["P/S (high)", "P/S (low)", "P/S (high)", "P/S (low)", "P/S"], traces.Select(t => t.Name));
        Assert.Equal(["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"], traces[0].X);
        Assert.Equal(["2026-01-06", "2026-01-07"], traces[2].X);
        Assert.Equal(FillEnum.ToNextY, traces[1].Fill);
        Assert.All(traces.Take(4), t => Assert.Equal(HoverInfoFlag.Skip, t.HoverInfo));
        Assert.All(traces.Take(4), t => Assert.False(t.ShowLegend));
        Assert.All(traces, t => Assert.Equal("line-0", t.LegendGroup));
    }

    [Fact]
    public void Band_edges_are_the_engines_low_and_high_and_the_line_its_base()
    {
        var series = Series(From, To);
        var figure = ChartTraces.Build(Chart(new ChartLine(Netuid, "priceToSales", "P/S", Band: true)), _ => series);

        var traces = Traces(figure);
        var engine = series.PriceToSales;
        Assert.Equal(Days(From, 4).Select(d => (object?)(double)engine.At(d).High!.Value), traces[0].Y);
        Assert.Equal(Days(From, 4).Select(d => (object?)(double)engine.At(d).Low!.Value), traces[1].Y);
        Assert.Equal(Days(From, 10).Select(d => engine.At(d).Base is { } b ? (object?)(double)b : null), traces[4].Y);

        // Hand-computed: $32M over $4.8M, $2.4M and $1.2M.
        Assert.Equal((double)(32_000_000m / 4_800_000m), traces[1].Y[0]);
        Assert.Equal((double)(32_000_000m / 2_400_000m), traces[4].Y[0]);
        Assert.Equal((double)(32_000_000m / 1_200_000m), traces[0].Y[0]);
    }

    [Fact]
    public void Missing_days_are_null_points_never_zero()
    {
        var figure = ChartTraces.Build(Chart(new ChartLine(Netuid, "alphaPriceUsd", "Alpha price")), _ => Series(From, To));

        var line = Assert.Single(Traces(figure));
        Assert.Equal(10, line.Y.Count);
        Assert.Null(line.Y[Gap.DayNumber - From.DayNumber]);
        Assert.All(line.Y.Where((_, i) => i != Gap.DayNumber - From.DayNumber), y => Assert.Equal(8d, y));
        Assert.DoesNotContain(line.Y, y => y is 0d);
    }

    [Fact]
    public void A_subnet_without_data_draws_an_empty_line_and_is_named_in_the_figure()
    {
        var figure = ChartTraces.Build(Chart(new ChartLine(Netuid, "taoPriceUsd", "TAO price")), _ => null);

        var line = Assert.Single(Traces(figure));
        Assert.All(line.Y, Assert.Null);
        Assert.Equal([Netuid], figure.NetuidsWithoutData);
    }

    [Fact]
    public void A_line_with_no_value_on_any_day_says_why()
    {
        var line = new ChartLine(Netuid, "alphaPriceUsd", "Alpha price");

        var gapOnly = ChartTraces.Build(Chart(Gap, Gap, line), _ => Series(Gap, Gap));
        var whole = ChartTraces.Build(Chart(line), _ => Series(From, To));

        Assert.Equal(["Alpha price: no value in this range (no snapshot for that day)"], gapOnly.EmptyLines);
        Assert.Empty(whole.EmptyLines);
    }

    [Fact]
    public void Hover_says_a_points_notes_in_words_from_its_custom_data()
    {
        var figure = ChartTraces.Build(Chart(new ChartLine(Netuid, "annualisedSubsidyUsd", "Subsidy"), new ChartLine(Netuid, "alphaPriceUsd", "Alpha price")),
            _ => Series(From, To));

        var traces = Traces(figure);
        var subsidy = traces.Single(t => t.Name == "Subsidy");
        var price = traces.Single(t => t.Name == "Alpha price");
        Assert.Equal("%{y:,.0f} USD per year<br>%{x|%Y-%m-%d}%{customdata}<extra>Subsidy</extra>", subsidy.HoverTemplate);
        // The 7-day window of 2026-01-10 holds the gap day (01-05); that of 01-01 does not. No chain buys are given on any day.
        var last = Assert.IsType<string>(subsidy.CustomData[^1]);
        var first = Assert.IsType<string>(subsidy.CustomData[0]);
        Assert.Equal("<br>Note: " + MetricNotes.ExcessTaoUnknown.Describe() + "; " + MetricNotes.WindowHasGaps.Describe(), last);
        Assert.Equal("<br>Note: " + MetricNotes.ExcessTaoUnknown.Describe(), first);
        // A missing day has no note to say; a line without notes has no custom data and no placeholder.
        Assert.Null(price.CustomData);
        Assert.DoesNotContain("customdata", price.HoverTemplate, StringComparison.Ordinal);
    }

    [Fact]
    public void Hover_shows_the_value_with_its_unit_the_date_and_the_label()
    {
        var figure = ChartTraces.Build(Chart(new ChartLine(Netuid, "priceToSales", "P/S", Band: true), new ChartLine(Netuid, "alphaPriceUsd", "Alpha price")),
            _ => Series(From, To));

        var traces = Traces(figure);
        var ps = traces.Single(t => t.Name == "P/S");
        var price = traces.Single(t => t.Name == "Alpha price");
        Assert.Equal("%{y:,.2f} x%{text}<br>%{x|%Y-%m-%d}<extra>P/S</extra>", ps.HoverTemplate);
        Assert.Equal("%{y:,.4f} USD per alpha<br>%{x|%Y-%m-%d}<extra>Alpha price</extra>", price.HoverTemplate);

        // The range is in the hover text of the days that have one.
        Assert.Equal(" (range 6.67–26.67)", ps.TextArray[0]);
        Assert.Equal("", ps.TextArray[^1]);
        Assert.Null(price.TextArray);
    }

    [Fact]
    public void Event_markers_sit_on_mechanism_event_dates_inside_the_range_and_nowhere_else()
    {
        // 2025-12-01..2026-01-10 holds the first halving (block 7,103,976, 2025-12-15); Taoflow (2025-11-04) is before it.
        var figure = ChartTraces.Build(Chart(new DateOnly(2025, 12, 1), To, new ChartLine(Netuid, "taoPriceUsd", "TAO price")), _ => null);

        var shape = Assert.Single(figure.Layout.Shapes);
        Assert.Equal("2025-12-15", shape.X0);
        Assert.Equal("2025-12-15", shape.X1);
        Assert.Equal("paper", shape.YRef);
        // Its date is exact now, so the marker is solid; approximate dates are dashed.
        Assert.Equal("solid", shape.Line.Dash);
        var label = Assert.Single(figure.Layout.Annotations, a => a.XRef == "x");
        Assert.Equal("first-halving", label.Text);
        Assert.Contains("First TAO halving", label.HoverText, StringComparison.Ordinal);
        Assert.Contains("First TAO halving (2025-12-15, exact date)", ChartTraces.Caption(Chart(new DateOnly(2025, 12, 1), To)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_range_without_events_has_no_markers()
    {
        var figure = ChartTraces.Build(Chart(new ChartLine(Netuid, "taoPriceUsd", "TAO price")), _ => null);

        Assert.Empty(figure.Layout.Shapes);
        Assert.DoesNotContain(figure.Layout.Annotations, a => a.XRef == "x");
        Assert.Contains("No mechanism change falls in this range.", ChartTraces.Caption(Chart()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_chart_without_any_value_says_so_and_draws_no_zero_line()
    {
        var empty = ChartTraces.Build(Chart(new ChartLine(Netuid, "taoPriceUsd", "TAO price")), _ => null);
        var drawn = ChartTraces.Build(Chart(new ChartLine(Netuid, "taoPriceUsd", "TAO price")), _ => Series(From, To));

        Assert.Equal("No data in this range", Assert.Single(empty.Layout.Annotations).Text);
        Assert.All(empty.Layout.YAxis, axis => Assert.False(axis.ZeroLine));
        Assert.DoesNotContain(drawn.Layout.Annotations, a => a.Text == "No data in this range");
    }

    [Fact]
    public void A_secondary_axis_line_uses_y2_and_each_axis_is_titled_with_its_unit()
    {
        var chart = Chart(new ChartLine(Netuid, "alphaPriceUsd", "Alpha price"), new ChartLine(Netuid, "alphaMarketCapUsd", "Alpha market cap", SecondaryAxis: true));

        var figure = ChartTraces.Build(chart, _ => Series(From, To));

        var traces = Traces(figure);
        Assert.Null(traces[0].YAxis);
        Assert.Equal("y2", traces[1].YAxis);
        Assert.Equal(32_000_000d, traces[1].Y[0]);
        Assert.Equal(["USD per alpha", "USD"], figure.Layout.YAxis.Select(a => a.Title.Text));
        Assert.Equal("y", figure.Layout.YAxis[1].Overlaying);
        Assert.StartsWith("Left axis: USD per alpha; right axis: USD.", ChartTraces.Caption(chart), StringComparison.Ordinal);
    }

    [Fact]
    public void Plotlys_png_download_stays_and_is_named_for_the_chart_and_range()
    {
        var figure = ChartTraces.Build(Chart(new ChartLine(Netuid, "taoPriceUsd", "TAO price")), _ => null);

        var options = Assert.IsType<Dictionary<string, object>>(figure.Config.ToImageButtonOptions);
        Assert.Equal("png", options["format"]);
        Assert.Equal("taolens-sn3-test-2026-01-01-to-2026-01-10", options["filename"]);
        Assert.DoesNotContain("toImage", Assert.IsType<string[]>(figure.Config.ModeBarButtonsToRemove));
        Assert.NotEqual(Plotly.Blazor.ConfigLib.DisplayModeBarEnum.False, figure.Config.DisplayModeBar);
    }

    [Fact]
    public void The_longest_range_a_chart_accepts_stays_within_2000_points_a_trace()
    {
        // A page's range is capped at MaxRangeDays; that cap must stay under Plotly's point budget.
        Assert.True(ValuationParameters.MaxRangeDays <= ChartTraces.MaxPointsPerTrace);
        var asOf = new DateOnly(2026, 6, 30);
        var (from, to) = ChartRange.Resolve(Text(asOf.AddDays(1 - ValuationParameters.MaxRangeDays)), Text(asOf), asOf);
        Assert.Equal(Text(asOf.AddDays(1 - ValuationParameters.MaxRangeDays)), from);
        var longer = ChartRange.Resolve(Text(asOf.AddDays(-ValuationParameters.MaxRangeDays)), Text(asOf), asOf);
        Assert.Equal(Text(asOf.AddDays(1 - ChartRange.DefaultDays)), longer.From);

        var start = DateOnly.ParseExact(from, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var series = Series(start, asOf, windowDays: 30);
        var figure = ChartTraces.Build(Chart(start, asOf, new ChartLine(Netuid, "annualisedRevenueUsd", "Revenue", Band: true), new ChartLine(Netuid, "taoPriceUsd", "TAO price")),
            _ => series);

        var traces = Traces(figure);
        Assert.All(traces, t => Assert.True(t.X.Count <= ChartTraces.MaxPointsPerTrace && t.Y.Count == t.X.Count));
        Assert.Equal(ValuationParameters.MaxRangeDays, traces.Single(t => t.Name == "TAO price").X.Count);
        Assert.Throws<ArgumentException>(() => ChartTraces.Build(Chart(asOf.AddDays(-ChartTraces.MaxPointsPerTrace), asOf), _ => null));
    }

    [Fact]
    public void The_default_range_is_90_days_but_starts_no_earlier_than_the_first_day_with_data()
    {
        var asOf = new DateOnly(2025, 10, 27);

        Assert.Equal(("2025-07-30", "2025-10-27"), ChartRange.Resolve(null, null, asOf));
        Assert.Equal(("2025-07-30", "2025-10-27"), ChartRange.Resolve(null, null, asOf, new DateOnly(2024, 1, 1)));
        Assert.Equal(("2025-09-14", "2025-10-27"), ChartRange.Resolve(null, null, asOf, new DateOnly(2025, 9, 14)));
        // An explicit start is the reader's choice, even before the data begins.
        Assert.Equal(("2025-06-01", "2025-10-27"), ChartRange.Resolve("2025-06-01", null, asOf, new DateOnly(2025, 9, 14)));
        // A chosen end before the data begins keeps a plain 90-day range: the chart then says it has no data.
        Assert.Equal(("2025-06-03", "2025-08-31"), ChartRange.Resolve(null, "2025-08-31", asOf, new DateOnly(2025, 9, 14)));
        // A bad range falls back to the default, first day included.
        Assert.Equal(("2025-09-14", "2025-10-27"), ChartRange.Resolve("2025-10-20", "2025-10-01", asOf, new DateOnly(2025, 9, 14)));
    }

    [Fact]
    public async Task A_set_of_charts_loads_each_subnet_once_per_range_and_window()
    {
        var calls = new List<int>();
        Task<SubnetValuationSeries?> Load(int netuid, DateOnly from, DateOnly to, ValuationOptions options)
        {
            lock (calls)
            {
                calls.Add(netuid);
            }

            return Task.FromResult<SubnetValuationSeries?>(netuid == Netuid ? Series(from, to, options.WindowDays) : null);
        }

        var page = await ChartLoader.BuildAsync(SubnetCharts.For(Netuid, Text(From), Text(To), 7, SubsidySide.TaoSide), Load);
        Assert.Equal(5, page.Count);
        Assert.Equal([Netuid], calls);

        calls.Clear();
        var compare = new ChartRequest("compare-chart", "taoPerDay", Text(From), Text(To), 30, [new(3, "taoPerDay", "SN3"), new(4, "taoPerDay", "SN4"), new(64, "taoPerDay", "SN64")]);
        await ChartLoader.BuildAsync([compare], Load);
        Assert.Equal([3, 4, 64], calls.Order());
    }

    [Fact]
    public void The_subnet_pages_side_picks_which_subsidy_to_revenue_series_is_charted()
    {
        var tao = SubnetCharts.For(Netuid, Text(From), Text(To), 30, SubsidySide.TaoSide);
        var alpha = SubnetCharts.For(Netuid, Text(From), Text(To), 30, SubsidySide.AlphaSide);

        Assert.Equal("subsidyToRevenue", Assert.Single(tao[1].Lines).Metric);
        Assert.Equal("alphaSideSubsidyToRevenue", Assert.Single(alpha[1].Lines).Metric);
        Assert.Equal("Subsidy ÷ revenue, alpha side", alpha[1].Title);
        Assert.All(tao.Concat(alpha).SelectMany(c => c.Lines), l => Assert.True(SubnetMetrics.All.ContainsKey(l.Metric), l.Metric));
    }

    [Fact]
    public void Every_series_name_has_a_unit()
    {
        // One table holds each series with its unit, so a name cannot lack one; the unit must still say something.
        Assert.All(SubnetMetrics.All, m => Assert.False(string.IsNullOrWhiteSpace(m.Value.Unit), m.Key));
    }

    [Theory]
    [InlineData("annualisedSubsidyUsd", true)]
    [InlineData("priceToSales", true)]
    [InlineData("growthNeededPercent", true)]
    [InlineData("taoPerDay", false)]
    [InlineData("alphaMarketCapUsd", false)]
    [InlineData("alphaPriceUsd", false)]
    public void Only_annualised_series_and_ratios_over_them_say_they_use_the_window(string metric, bool usesWindow)
    {
        Assert.Equal(usesWindow, SubnetMetrics.UsesWindow(metric));
    }

    private static IEnumerable<DateOnly> Days(DateOnly from, int count) => Enumerable.Range(0, count).Select(from.AddDays);
}
