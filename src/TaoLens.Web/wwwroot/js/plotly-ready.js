// Loads Plotly once per page, before any chart renders. Plotly.Blazor queues a chart that renders before Plotly has
// loaded and draws it on load without checking that its div is still there, which throws once the reader has left.
// The same URL as Plotly.Blazor's own import, so the same module instance and the same "Plotly is ready" flag.
import { importScript } from '../_content/Plotly.Blazor/plotly-interop-7.2.0.js';

let loading;

export function ready() {
    loading ??= importScript('plotly-import', './_content/Plotly.Blazor/plotly-3.7.0.min.js')
        .catch(error => { loading = undefined; throw error; });
    return loading;
}
