using System.Text.Json;
using Microsoft.Playwright;

namespace TaoLens.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What a drawn Plotly chart looks like in the DOM. Pages may carry several charts, so these look at the first one and
/// never at chart ids or counts.
/// </summary>
public static class Charts
{
    public const string Svg = "figure.chart .js-plotly-plot .main-svg";

    /// <summary>Waits until a chart's SVG is on screen with at least one trace line that has a path.</summary>
    public static async Task WaitUntilDrawnAsync(IPage page)
    {
        await page.Locator(Svg).First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('figure.chart .js-plotly-plot .scatterlayer .trace path.js-line')].some(p => (p.getAttribute('d') || '').length > 0)");
    }

    /// <summary>Waits until the first chart's x-axis spans <paramref name="from"/> to <paramref name="to"/>, then returns the span it has.</summary>
    public static async Task<(string From, string To)> WaitForXRangeAsync(IPage page, string from, string to)
    {
        try
        {
            await page.WaitForFunctionAsync(
                """
                ([from, to]) => {
                    const r = document.querySelector('figure.chart .js-plotly-plot')?.layout?.xaxis?.range;
                    return !!r && String(r[0]).startsWith(from) && String(r[1]).startsWith(to);
                }
                """,
                new[] { from, to });
        }
        catch (TimeoutException)
        {
            // Fall through: the caller's assertion shows the range the chart has instead.
        }

        var range = await page.EvaluateAsync<string[]?>(
            "() => (document.querySelector('figure.chart .js-plotly-plot')?.layout?.xaxis?.range ?? null)?.map(String) ?? null");
        return range is [var start, var end] ? (start, end) : ("(none)", "(none)");
    }

    /// <summary>
    /// Moves the mouse onto the point labelled <paramref name="label"/> in the chart <paramref name="chartId"/>, as a reader
    /// would, and returns the hover label's text once it shows.
    /// </summary>
    public static async Task<string> HoverPointAsync(IPage page, string chartId, string label)
    {
        var box = await page.EvaluateAsync<double[]?>(
            """
            ([id, label]) => {
                const gd = document.getElementById(id);
                const traces = [...gd.querySelectorAll('.scatterlayer .trace')];
                for (let k = 0; k < gd.data.length; k++) {
                    const i = (gd.data[k].text ?? []).indexOf(label);
                    if (i >= 0) {
                        const point = traces[k].querySelectorAll('path.point')[i];
                        // The mouse only reaches what is on screen.
                        point.scrollIntoView({ block: 'center', inline: 'center' });
                        const r = point.getBoundingClientRect();
                        return [r.x + r.width / 2, r.y + r.height / 2];
                    }
                }
                return null;
            }
            """,
            new[] { chartId, label });
        Assert.True(box is [_, _], $"No point labelled {label} on {chartId}.");
        await page.Mouse.MoveAsync((float)box![0], (float)box[1]);
        // The label of the point hovered before may still be up: wait for this point's own (its hover starts "SN{label} ").
        var hover = page.Locator($"#{chartId} .hoverlayer .hovertext", new() { HasText = $"SN{label} " });
        await hover.First.WaitForAsync();
        return await hover.First.TextContentAsync() ?? "";
    }

    /// <summary>The first chart's names of the traces in its legend (shaded bands behind a line leave the legend out).</summary>
    public static async Task<IReadOnlyList<string>> TraceNamesAsync(IPage page)
    {
        var names = await page.EvaluateAsync<JsonElement>(
            "() => (document.querySelector('figure.chart .js-plotly-plot')?.data ?? []).filter(t => t.showlegend !== false).map(t => String(t.name ?? ''))");
        return [.. names.EnumerateArray().Select(n => n.GetString() ?? "")];
    }
}
