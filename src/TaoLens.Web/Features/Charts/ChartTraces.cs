using System.Globalization;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Subnets;

namespace TaoLens.Web.Features.Charts;

/// <summary>
/// One chart ready for Plotly, the subnets that had no data at all in its range, and a note for each line that has
/// no value on any day (with the latest day's reason), so an empty chart says why.
/// </summary>
public sealed record ChartFigure(IList<ITrace> Data, Layout Layout, Config Config, IReadOnlyList<int> NetuidsWithoutData, IReadOnlyList<string> EmptyLines);

/// <summary>
/// Turns engine series into Plotly traces and layout. Pure: the same request and series give the same figure,
/// so tests pin it exactly. Every value comes from the engine; nothing is computed here but the drawing.
/// </summary>
public static class ChartTraces
{
    /// <summary>Plotly stays responsive up to about this many points a trace; ranges are capped below it.</summary>
    public const int MaxPointsPerTrace = 2_000;

    /// <summary>The axis name Plotly uses for the right-hand axis.</summary>
    public const string SecondaryAxis = "y2";

    // Okabe–Ito colours: distinguishable with the common colour-vision deficiencies; eight for compare's eight subnets.
    private static readonly (int R, int G, int B)[] s_palette =
    [
        (0, 114, 178), (213, 94, 0), (0, 158, 115), (204, 121, 167), (230, 159, 0), (86, 180, 233), (0, 0, 0), (240, 228, 66),
    ];

    /// <summary>
    /// The figure for <paramref name="chart"/>: per line, band traces (when asked for and the range is wider than the
    /// value) and then the line itself, so lines draw over bands. <paramref name="seriesOf"/> gives a subnet's series
    /// over the chart's range and window, or null when the subnet has no data in it.
    /// </summary>
    public static ChartFigure Build(ChartRequest chart, Func<int, SubnetValuationSeries?> seriesOf)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(seriesOf);
        var (from, to) = Range(chart);
        var count = to.DayNumber - from.DayNumber + 1;
        if (count > MaxPointsPerTrace)
        {
            throw new ArgumentException($"{count} days is more than {MaxPointsPerTrace} points a trace; narrow the range.", nameof(chart));
        }

        var days = Enumerable.Range(0, count).Select(from.AddDays).ToArray();
        var x = days.Select(d => (object)ChartRange.Text(d)).ToList();
        var bands = new List<ITrace>();
        var lines = new List<ITrace>();
        var withoutData = new List<int>();
        var empty = new List<string>();
        var anyValue = false;
        for (var i = 0; i < chart.Lines.Count; i++)
        {
            var line = chart.Lines[i];
            var series = seriesOf(line.Netuid);
            if (series is null && !withoutData.Contains(line.Netuid))
            {
                withoutData.Add(line.Netuid);
            }

            var metric = series is null ? null : SubnetMetrics.All[line.Metric].Series(series);
            var values = days.Select(d => metric?.At(d) ?? Metric.Missing(MissingReason.NoSnapshot)).ToArray();
            var color = s_palette[i % s_palette.Length];
            var group = $"line-{i}";
            if (line.Band)
            {
                bands.AddRange(Bands(line, values, days, color, group));
            }

            lines.Add(Line(line, values, x, color, group));
            anyValue |= values.Any(v => v.HasValue);
            if (series is not null && !values.Any(v => v.HasValue))
            {
                empty.Add($"{line.Label}: no value in this range ({values[^1].Reason.Describe()})");
            }
        }

        return new ChartFigure([.. bands, .. lines], Layout(chart, from, to, anyValue), Config(chart), withoutData, empty);
    }

    /// <summary>
    /// The hover template of a line: value and unit, the day as YYYY-MM-DD, the point's notes in words when any point
    /// has some (its custom data), and the line's label.
    /// </summary>
    public static string HoverTemplate(ChartLine line, bool withRange, bool withNotes = false)
    {
        ArgumentNullException.ThrowIfNull(line);
        return $"%{{y:{Format(line.Unit).D3}}} {line.Unit}{(withRange ? "%{text}" : "")}<br>%{{x|%Y-%m-%d}}{(withNotes ? "%{customdata}" : "")}<extra>{line.Label}</extra>";
    }

    /// <summary>
    /// A point's notes as its hover shows them, "&lt;br&gt;Note: words", or empty. The words are the engine's fixed
    /// text (<see cref="MetricNotes"/>), never anything untrusted: Plotly renders markup in hover labels.
    /// </summary>
    public static string NoteText(in Metric value) =>
        value.HasValue && Valuation.Figure.NoteWords(value.Notes) is { } words ? $"<br>Note: {words}" : "";

    /// <summary>The caption under a chart: units, range, window note, what gaps and bands mean, and the events marked.</summary>
    public static string Caption(ChartRequest chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var (from, to) = Range(chart);
        var left = AxisTitle(chart, secondary: false);
        var right = AxisTitle(chart, secondary: true);
        var units = right.Length == 0 ? $"Unit: {left}." : $"Left axis: {left}; right axis: {right}.";
        var bands = chart.Lines.Any(l => l.Band)
            ? " Shaded bands show the low–high range where a figure is a range (revenue can be); an open-ended range has no band."
            : "";
        var events = MechanismEvents.Between(from, to).Select(e => $"{e.Title} ({ChartRange.Text(e.Date)}, {Precision(e.Precision)})").ToList();
        var marked = events.Count == 0
            ? " No mechanism change falls in this range."
            : $" Vertical lines mark mechanism changes: {string.Join("; ", events)}.";
        var note = string.IsNullOrWhiteSpace(chart.Note) ? "" : " " + chart.Note.Trim();
        return $"{units} One point a day, {chart.From} to {chart.To} (UTC).{note} Gaps are days without data: a missing figure is left out, never drawn as zero.{bands}{marked}";
    }

    /// <summary>The PNG name Plotly's download button uses: the chart id and range, nothing from untrusted text.</summary>
    public static string FileName(ChartRequest chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var id = new string([.. chart.Id.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        return $"taolens-{id}-{chart.From}-to-{chart.To}";
    }

    private static (DateOnly From, DateOnly To) Range(ChartRequest chart) =>
        (ChartRange.Day(chart.From) ?? throw new ArgumentException($"from '{chart.From}' is not YYYY-MM-DD.", nameof(chart)),
         ChartRange.Day(chart.To) ?? throw new ArgumentException($"to '{chart.To}' is not YYYY-MM-DD.", nameof(chart)));

    private static Scatter Line(ChartLine line, Metric[] values, List<object> x, (int R, int G, int B) color, string group)
    {
        var ranges = values.Select(v => RangeText(v, line.Unit)).ToList();
        var withRange = ranges.Any(r => r.Length > 0);
        var notes = values.Select(v => (object)NoteText(v)).ToList();
        var withNotes = notes.Any(n => ((string)n).Length > 0);
        return new Scatter
        {
            Name = line.Label,
            LegendGroup = group,
            Mode = HasIsolatedPoint(values) ? ModeFlag.Lines | ModeFlag.Markers : ModeFlag.Lines,
            X = x,
            // Missing days are null points: Plotly leaves a gap instead of drawing a zero.
            Y = [.. values.Select(v => (object?)Number(v.Base))],
            TextArray = withRange ? ranges : null,
            CustomData = withNotes ? notes : null,
            HoverTemplate = HoverTemplate(line, withRange, withNotes),
            Line = new Line { Color = Rgb(color), Width = 2 },
            YAxis = line.SecondaryAxis ? SecondaryAxis : null,
        };
    }

    // One pair of traces per run of days with a range: an upper edge, then a lower edge filled up to it. Runs end at
    // gaps because Plotly's fill would otherwise bridge a missing day (plotly.js #2736, #3296).
    private static IEnumerable<Scatter> Bands(ChartLine line, Metric[] values, DateOnly[] days, (int R, int G, int B) color, string group)
    {
        var start = -1;
        for (var d = 0; d <= values.Length; d++)
        {
            var inBand = d < values.Length && HasBand(values[d]);
            if (inBand && start < 0)
            {
                start = d;
            }
            else if (!inBand && start >= 0)
            {
                var x = days[start..d].Select(day => (object)ChartRange.Text(day)).ToList();
                var run = values[start..d];
                yield return BandEdge(line, $"{line.Label} (high)", x, run.Select(v => (object?)Number(v.High)), color, group, fill: false);
                yield return BandEdge(line, $"{line.Label} (low)", x, run.Select(v => (object?)Number(v.Low)), color, group, fill: true);
                start = -1;
            }
        }
    }

    private static Scatter BandEdge(ChartLine line, string name, List<object> x, IEnumerable<object?> y, (int R, int G, int B) color, string group, bool fill) => new()
    {
        Name = name,
        LegendGroup = group,
        ShowLegend = false,
        Mode = ModeFlag.Lines,
        X = x,
        Y = [.. y],
        Line = new Line { Width = 0, Color = Rgb(color) },
        Fill = fill ? FillEnum.ToNextY : FillEnum.None,
        FillColor = fill ? $"rgba({color.R},{color.G},{color.B},0.2)" : null,
        // The line's own hover already gives the range.
        HoverInfo = HoverInfoFlag.Skip,
        YAxis = line.SecondaryAxis ? SecondaryAxis : null,
    };

    // A band is drawn only where the range is wider than the value and closed above.
    private static bool HasBand(in Metric value) =>
        value is { Low: { } low, Base: { } @base, High: { } high } && (low != @base || high != @base);

    private static bool HasIsolatedPoint(Metric[] values)
    {
        for (var d = 0; d < values.Length; d++)
        {
            if (values[d].HasValue && (d == 0 || !values[d - 1].HasValue) && (d == values.Length - 1 || !values[d + 1].HasValue))
            {
                return true;
            }
        }

        return false;
    }

    // Without data, the chart says so in its middle: an empty axis with a zero line would read as a line at zero.
    private static Layout Layout(ChartRequest chart, DateOnly from, DateOnly to, bool anyValue)
    {
        var events = MechanismEvents.Between(from, to).ToList();
        var right = AxisTitle(chart, secondary: true);
        var axes = new List<YAxis> { new() { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = AxisTitle(chart, secondary: false) }, AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True, ZeroLine = false } };
        if (right.Length > 0)
        {
            axes.Add(new YAxis
            {
                Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = right },
                Overlaying = "y",
                Side = Plotly.Blazor.LayoutLib.YAxisLib.SideEnum.Right,
                ShowGrid = false,
                ZeroLine = false,
                AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True,
            });
        }

        return new Layout
        {
            Title = new Title { Text = chart.Title },
            HoverMode = HoverModeEnum.X,
            XAxis = [new XAxis { Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date, Range = [ChartRange.Text(from), ChartRange.Text(to)] }],
            YAxis = axes,
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.15m }],
            Margin = new Margin { T = 80 },
            Shapes = [.. events.Select(e => new Shape
            {
                Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line,
                X0 = ChartRange.Text(e.Date),
                X1 = ChartRange.Text(e.Date),
                Y0 = 0,
                Y1 = 1,
                XRef = "x",
                YRef = "paper",
                // Dashed when the date is uncertain (merge dates, month-only reports, projections).
                Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = "#777777", Width = 1, Dash = e.Precision == EventDatePrecision.Exact ? "solid" : "dash" },
            })],
            Annotations = [.. events.Select((e, k) => new Annotation
            {
                X = ChartRange.Text(e.Date),
                Y = 1,
                XRef = "x",
                YRef = "paper",
                YAnchor = Plotly.Blazor.LayoutLib.AnnotationLib.YAnchorEnum.Bottom,
                // Neighbouring labels alternate height so close events stay readable.
                YShift = k % 2 == 0 ? 0 : 14,
                Text = e.Key,
                HoverText = $"{e.Title}: {ChartRange.Text(e.Date)} ({Precision(e.Precision)})",
                ShowArrow = false,
                Font = new Plotly.Blazor.LayoutLib.AnnotationLib.Font { Size = 10 },
            }), .. anyValue ? Array.Empty<Annotation>() : [new Annotation
            {
                Text = "No data in this range",
                XRef = "paper",
                YRef = "paper",
                X = 0.5m,
                Y = 0.5m,
                ShowArrow = false,
                Font = new Plotly.Blazor.LayoutLib.AnnotationLib.Font { Size = 14, Color = "#666666" },
            }]],
        };
    }

    private static Config Config(ChartRequest chart) => new()
    {
        Responsive = true,
        DisplayLogo = false,
        // Plotly's own "download plot as png" button stays; only the selection tools, which mean nothing here, go.
        ModeBarButtonsToRemove = new[] { "lasso2d", "select2d" },
        ToImageButtonOptions = new Dictionary<string, object> { ["format"] = "png", ["filename"] = FileName(chart), ["scale"] = 2 },
    };

    private static string AxisTitle(ChartRequest chart, bool secondary) =>
        string.Join(" / ", chart.Lines.Where(l => l.SecondaryAxis == secondary).Select(l => l.Unit).Distinct(StringComparer.Ordinal));

    // Plotly draws doubles; a null is a gap.
    private static double? Number(decimal? value) => (double?)value;

    private static string Rgb((int R, int G, int B) c) => $"rgb({c.R},{c.G},{c.B})";

    private static string RangeText(in Metric value, string unit)
    {
        if (value.Base is not { } @base || value.Low is not { } low)
        {
            return "";
        }

        var format = Format(unit).Net;
        if (value.High is not { } high)
        {
            return $" (range {low.ToString(format, CultureInfo.InvariantCulture)}–open)";
        }

        return low == @base && high == @base
            ? ""
            : $" (range {low.ToString(format, CultureInfo.InvariantCulture)}–{high.ToString(format, CultureInfo.InvariantCulture)})";
    }

    // d3 format for Plotly's hover and the matching .NET format for range text, by unit.
    private static (string D3, string Net) Format(string unit) => unit switch
    {
        "USD" or "USD per year" or "USD per day" => (",.0f", "N0"),
        "x" or "TAO per day" or "USD per TAO" => (",.2f", "N2"),
        "%" or "% a year" => (",.1f", "N1"),
        "USD per alpha" => (",.4f", "N4"),
        "TAO per alpha" => (",.6f", "N6"),
        _ => (",.4~g", "G4"),
    };

    private static string Precision(EventDatePrecision precision) => precision switch
    {
        EventDatePrecision.Exact => "exact date",
        EventDatePrecision.Approximate => "approximate date",
        EventDatePrecision.MonthOnly => "month only",
        _ => "projected",
    };
}

/// <summary>Loads the series a set of charts needs, each subnet once per range and window, then builds every chart.</summary>
public static class ChartLoader
{
    /// <summary>
    /// One figure per chart id. <paramref name="load"/> runs once per distinct (netuid, from, to, window), however many
    /// charts and lines use it: a subnet page's charts share one computation of the subnet.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, ChartFigure>> BuildAsync(
        IReadOnlyList<ChartRequest> charts,
        Func<int, DateOnly, DateOnly, ValuationOptions, Task<SubnetValuationSeries?>> load)
    {
        ArgumentNullException.ThrowIfNull(charts);
        ArgumentNullException.ThrowIfNull(load);
        var keys = charts.SelectMany(c => c.Lines.Select(l => Key(c, l.Netuid))).Distinct().ToList();
        var loaded = await Task.WhenAll(keys.Select(k => load(k.Netuid, k.From, k.To, new ValuationOptions { WindowDays = k.Window })));
        var series = keys.Zip(loaded).ToDictionary(p => p.First, p => p.Second);
        return charts.ToDictionary(c => c.Id, c => ChartTraces.Build(c, netuid => series[Key(c, netuid)]), StringComparer.Ordinal);
    }

    private static (int Netuid, DateOnly From, DateOnly To, int Window) Key(ChartRequest chart, int netuid) =>
        (netuid, ChartRange.Day(chart.From) ?? default, ChartRange.Day(chart.To) ?? default, chart.WindowDays);
}
