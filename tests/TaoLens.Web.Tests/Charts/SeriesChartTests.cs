using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using TaoLens.Core.Valuation;
using TaoLens.Data;
using TaoLens.Data.Revenue;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;
using TaoLens.Testing;
using TaoLens.Web.Features.Charts;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Tests.Charts;

/// <summary>
/// A seeded database: SN3 (with a name full of markup) every day of 2026-01-01..2026-01-20 but the 10th, at 0.02 TAO an
/// alpha, TAO at $400, and a $2.4M run-rate revenue with a $1.2M–$4.8M range.
/// </summary>
public sealed class ChartDatabase : DatabaseFixture
{
    public const int Netuid = 3;
    public const string UntrustedName = "<b onmouseover=alert(1)>Evil</b> %{y}";
    public static readonly DateOnly From = new(2026, 1, 1);
    public static readonly DateOnly To = new(2026, 1, 20);
    public static readonly DateOnly Gap = new(2026, 1, 10);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = CreateDbContext();
        var seen = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
        db.Subnets.Add(new Subnet { Netuid = Netuid, Name = UntrustedName, FirstSeenAt = seen, LastSeenAt = seen });
        for (var day = From.AddDays(-30); day <= To; day = day.AddDays(1))
        {
            var noon = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            db.TaoMarketSnapshots.Add(new TaoMarketSnapshot { ObservedAt = noon, Source = SnapshotSources.CoinGecko, PriceUsd = 400m, CirculatingSupply = 11_000_000m });
            if (day != Gap)
            {
                db.SubnetSnapshots.Add(new SubnetSnapshot
                {
                    Netuid = Netuid, ObservedAt = noon, Source = SnapshotSources.Chain, TaoInEmissionRao = 40_000_000, AlphaOutEmissionRao = 1_000_000_000,
                    AlphaInEmissionRao = 2_000_000_000, AlphaInPoolRao = 1_000_000_000_000_000, AlphaOutstandingRao = 3_000_000_000_000_000, AlphaPriceTao = 0.02m,
                });
            }
        }

        db.RevenueEntries.Add(new RevenueEntry
        {
            Netuid = Netuid, Subject = "SN3", Kind = RevenueEntryKind.RunRate, AsOf = seen, AmountUsd = 2_400_000m, LowUsd = 1_200_000m, HighUsd = 4_800_000m,
            SourceName = "test", SourceKind = RevenueSourceType.ThirdParty, EnteredBy = "test", EnteredAt = seen,
        });
        await db.SaveChangesAsync();
    }
}

/// <summary>The chart island against a real database, with Plotly's JS module stubbed.</summary>
public sealed class SeriesChartTests : BunitContext, IClassFixture<ChartDatabase>
{
    private const string PlotlyModule = "./_content/Plotly.Blazor/plotly-interop-7.2.0.js";
    private readonly BunitJSModuleInterop _plotly;

    public SeriesChartTests(ChartDatabase database)
    {
        Services.AddDbContextFactory<TaoLensDbContext>(options => TaoLensDbContext.Configure(options, database.ConnectionString));
        // The host's configuration, empty: every setting at its default.
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddValuation();
        _plotly = JSInterop.SetupModule(PlotlyModule);
        _plotly.Mode = JSRuntimeMode.Loose;
        // The island waits for Plotly's script before it renders a chart (wwwroot/js/plotly-ready.js).
        JSInterop.SetupModule("./js/plotly-ready.js").SetupVoid("ready").SetVoidResult();
    }

    private static ChartRequest[] PageCharts(SubsidySide side = SubsidySide.TaoSide) =>
        SubnetCharts.For(ChartDatabase.Netuid, Text(ChartDatabase.From), Text(ChartDatabase.To), 7, side);

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private IRenderedComponent<SeriesChart> RenderInteractive(ChartRequest[] charts)
    {
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var cut = Render<SeriesChart>(p => p.Add(c => c.Charts, charts));
        cut.WaitForAssertion(() => Assert.Equal(charts.Length, cut.FindComponents<PlotlyChart>().Count), TimeSpan.FromSeconds(30));
        return cut;
    }

    [Fact]
    public async Task Each_chart_hands_plotly_the_traces_built_from_the_engines_series()
    {
        var charts = PageCharts();

        var cut = RenderInteractive(charts);

        var series = await Services.GetRequiredService<ValuationQuery>()
            .SubnetSeriesAsync(ChartDatabase.Netuid, ChartDatabase.From, ChartDatabase.To, new ValuationOptions { WindowDays = 7 });
        var plots = cut.FindComponents<PlotlyChart>();
        for (var i = 0; i < charts.Length; i++)
        {
            var expected = ChartTraces.Build(charts[i], _ => series).Data.Cast<Scatter>().ToList();
            var drawn = plots[i].Instance.Data.Cast<Scatter>().ToList();
            Assert.Equal(charts[i].Id, plots[i].Instance.Id);
            Assert.Equal(expected.Select(t => t.Name), drawn.Select(t => t.Name));
            Assert.All(expected.Zip(drawn), p => Assert.Equal(p.First.Y, p.Second.Y));
        }

        Assert.Equal(charts.Select(c => c.Id), _plotly.Invocations["newPlot"].Select(i => i.Arguments[0]));
    }

    [Fact]
    public void The_drawn_band_and_line_carry_the_engines_low_base_and_high_and_null_on_the_gap_day()
    {
        var cut = RenderInteractive(PageCharts());

        var ps = cut.FindComponents<PlotlyChart>().Single(p => p.Instance.Id == "sn3-price-to-sales").Instance.Data.Cast<Scatter>().ToList();
        // Runs Jan 1–9 and Jan 11–20 around the gap; $32M over $4.8M / $2.4M / $1.2M.
        Assert.Equal(["P/S (high)", "P/S (low)", "P/S (high)", "P/S (low)", "P/S"], ps.Select(t => t.Name));
        Assert.Equal(9, ps[0].X.Count);
        Assert.Equal(26.666666666666668, (double)ps[0].Y[0]!, 9);
        Assert.Equal(6.666666666666667, (double)ps[1].Y[0]!, 9);
        Assert.Equal(13.333333333333334, (double)ps[4].Y[0]!, 9);
        Assert.Null(ps[4].Y[ChartDatabase.Gap.DayNumber - ChartDatabase.From.DayNumber]);
        Assert.Contains("%{x|%Y-%m-%d}", ps[4].HoverTemplate, StringComparison.Ordinal);
        Assert.Contains(" x", ps[4].HoverTemplate, StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_names_and_titles_never_carry_the_subnets_name()
    {
        var compare = new ChartRequest("compare-chart", "taoPerDay", Text(ChartDatabase.From), Text(ChartDatabase.To), 30, [new(ChartDatabase.Netuid, "taoPerDay", "SN3")]);

        var cut = RenderInteractive([.. PageCharts(), compare]);

        foreach (var plot in cut.FindComponents<PlotlyChart>().Select(p => p.Instance))
        {
            var texts = plot.Data.Cast<Scatter>().SelectMany(t => new[] { t.Name, t.HoverTemplate, t.LegendGroup })
                .Append(plot.Layout.Title?.Text).Concat(plot.Layout.YAxis.Select(a => a.Title?.Text)).OfType<string>();
            Assert.All(texts, t => Assert.DoesNotContain("Evil", t, StringComparison.Ordinal));
        }

        Assert.DoesNotContain("Evil", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Prerendering_gives_every_figure_its_heading_and_caption_and_computes_nothing()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var cut = Render<SeriesChart>(p => p.Add(c => c.Charts, PageCharts(SubsidySide.AlphaSide)));

        var figures = cut.FindAll("figure.chart");
        Assert.Equal(5, figures.Count);
        Assert.Equal("Subsidy ÷ revenue, alpha side", figures[1].QuerySelector("h3")!.TextContent);
        Assert.Contains("Gaps are days without data", figures[1].QuerySelector("figcaption")!.TextContent, StringComparison.Ordinal);
        Assert.All(figures, f => Assert.NotNull(f.QuerySelector("p.loading")));
        Assert.Empty(cut.FindComponents<PlotlyChart>());
        Assert.Empty(_plotly.Invocations);
    }

    [Fact]
    public void A_subnet_without_data_in_the_range_is_named_in_the_caption()
    {
        var chart = new ChartRequest("compare-chart", "taoPerDay", Text(ChartDatabase.From), Text(ChartDatabase.To), 30,
            [new(ChartDatabase.Netuid, "taoPerDay", "SN3"), new(4242, "taoPerDay", "SN4242")]);

        var cut = RenderInteractive([chart]);

        Assert.Contains("No data in this range for SN4242.", cut.Find("figcaption").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chart_that_cannot_be_built_says_so_instead_of_loading_forever()
    {
        // About 3,000 days: more points than a trace may carry, so building the figure throws inside the island.
        var chart = new ChartRequest("too-long", "taoPerDay", "2010-01-01", "2018-03-19", 30, [new(ChartDatabase.Netuid, "taoPerDay", "SN3")]);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var cut = Render<SeriesChart>(p => p.Add(c => c.Charts, [chart]));

        cut.WaitForAssertion(() => Assert.Contains("could not be drawn", cut.Find("figure.chart p[role=alert]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Empty(cut.FindAll("p.loading"));
        Assert.Empty(cut.FindComponents<PlotlyChart>());
    }
}
