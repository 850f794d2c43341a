using Microsoft.JSInterop;

namespace TaoLens.Web.Features.Charts;

/// <summary>
/// Chart islands await this before they render a <c>PlotlyChart</c>, so a chart is drawn at once or not at all: one
/// queued while Plotly loads would be drawn after the reader has left, into a div that is gone (wwwroot/js/plotly-ready.js).
/// </summary>
internal static class PlotlyScript
{
    public static async Task LoadAsync(IJSRuntime js)
    {
        await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./js/plotly-ready.js");
        await module.InvokeVoidAsync("ready");
    }
}
