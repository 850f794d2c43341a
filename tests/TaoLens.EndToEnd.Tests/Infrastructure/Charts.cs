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

    /// <summary>The first chart's names of the traces in its legend (shaded bands behind a line leave the legend out).</summary>
    public static async Task<IReadOnlyList<string>> TraceNamesAsync(IPage page)
    {
        var names = await page.EvaluateAsync<JsonElement>(
            "() => (document.querySelector('figure.chart .js-plotly-plot')?.data ?? []).filter(t => t.showlegend !== false).map(t => String(t.name ?? ''))");
        return [.. names.EnumerateArray().Select(n => n.GetString() ?? "")];
    }
}
