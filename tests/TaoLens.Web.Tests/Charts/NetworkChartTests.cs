using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using TaoLens.Core.Valuation;
using TaoLens.Data;
using TaoLens.Web.Features.Charts;
using TaoLens.Web.Features.Subnets;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Tests.Charts;

/// <summary>The overview's network chart island against a real database (<see cref="ChartDatabase"/>), Plotly's JS module stubbed.</summary>
public sealed class NetworkChartTests : BunitContext, IClassFixture<ChartDatabase>
{
    private const string PlotlyModule = "./_content/Plotly.Blazor/plotly-interop-7.2.0.js";
    private readonly BunitJSModuleInterop _plotly;

    public NetworkChartTests(ChartDatabase database)
    {
        Services.AddDbContextFactory<TaoLensDbContext>(options => TaoLensDbContext.Configure(options, database.ConnectionString));
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddValuation();
        Services.AddSubnets();
        _plotly = JSInterop.SetupModule(PlotlyModule);
        _plotly.Mode = JSRuntimeMode.Loose;
        // The island waits for Plotly's script before it renders a chart (wwwroot/js/plotly-ready.js).
        JSInterop.SetupModule("./js/plotly-ready.js").SetupVoid("ready").SetVoidResult();
    }

    [Fact]
    public async Task The_island_hands_plotly_the_network_traces_of_the_leaderboards_rows()
    {
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var cut = Render<NetworkChart>(p => p.Add(c => c.Side, SubsidySide.TaoSide).Add(c => c.WindowDays, 7));

        cut.WaitForAssertion(() => Assert.Single(cut.FindComponents<PlotlyChart>()), TimeSpan.FromSeconds(30));
        var rows = await Services.GetRequiredService<SubnetsQuery>().RowsAsync(7, SubsidySide.TaoSide);
        var expected = NetworkChartTraces.Build(rows, SubsidySide.TaoSide, 7).Data.Cast<Scatter>().ToList();
        var plot = cut.FindComponent<PlotlyChart>().Instance;
        var drawn = plot.Data.Cast<Scatter>().ToList();
        Assert.Equal(NetworkChartTraces.Id, plot.Id);
        Assert.Equal(expected.Select(t => t.Name), drawn.Select(t => t.Name));
        Assert.All(expected.Zip(drawn), p => Assert.Equal(p.First.Y, p.Second.Y));
        // SN3: 288 TAO a day at $400 is $42M a year against a $2.4M run-rate.
        Assert.Equal("1 subnet; 1 has revenue; 1 lives on subsidy above 10x.", cut.Find("figcaption .summary").TextContent);
        Assert.Contains("SN3 &lt;b onmouseover=alert(1)&gt;Evil&lt;/b&gt; %{y}", drawn.Single(t => t.Name == "Subsidy over 10× revenue").HoverTextArray.Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("Evil", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(new object?[] { NetworkChartTraces.Id }, _plotly.Invocations["newPlot"].Select(i => i.Arguments[0]));
    }

    [Fact]
    public void Prerendering_gives_the_heading_and_the_text_alternative_but_draws_nothing()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var cut = Render<NetworkChart>(p => p.Add(c => c.Side, SubsidySide.AlphaSide).Add(c => c.WindowDays, 7));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("figcaption .summary")), TimeSpan.FromSeconds(30));
        Assert.Contains("alpha side, trailing 7-day window", cut.Find("figcaption").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("figure.network-chart p.loading"));
        Assert.Empty(cut.FindComponents<PlotlyChart>());
        Assert.Empty(_plotly.Invocations);
    }
}
