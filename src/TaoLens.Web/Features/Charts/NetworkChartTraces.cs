using System.Globalization;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Subnets;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Charts;

/// <summary>
/// What the network chart shows and leaves out, counted over the rows it was given: the words of its text alternative.
/// </summary>
public sealed record NetworkChartSummary(int Subnets, int Drawn, int WithoutSubsidy, int ZeroSubsidy, int WithRevenue, int AboveTenX, int LeftOut)
{
    /// <summary>"N subnets; M have revenue; K live on subsidy above 10x", then what is not drawn and why.</summary>
    public string Text
    {
        get
        {
            var parts = new List<string>
            {
                Drawn == 0
                    ? "No data to draw."
                    : $"{Count(Drawn, "subnet")}; {WithRevenue} {(WithRevenue == 1 ? "has" : "have")} revenue; {AboveTenX} {(AboveTenX == 1 ? "lives" : "live")} on subsidy above 10x.",
            };
            if (WithoutSubsidy > 0)
            {
                parts.Add($"{Count(WithoutSubsidy, "subnet")} {(WithoutSubsidy == 1 ? "has" : "have")} no subsidy figure yet and {(WithoutSubsidy == 1 ? "is" : "are")} left out.");
            }

            if (ZeroSubsidy > 0)
            {
                parts.Add($"{Count(ZeroSubsidy, "subnet")} with zero subsidy {(ZeroSubsidy == 1 ? "is" : "are")} not drawn (zero has no place on a log axis).");
            }

            if (LeftOut > 0)
            {
                parts.Add($"Only the {Drawn} largest by subsidy are drawn; {LeftOut} smaller {(LeftOut == 1 ? "is" : "are")} left out.");
            }

            return string.Join(' ', parts);
        }
    }

    private static string Count(int n, string noun) => $"{n.ToString("N0", CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";
}

/// <summary>The network chart ready for Plotly, and its summary.</summary>
public sealed record NetworkChartFigure(IList<ITrace> Data, Layout Layout, Config Config, NetworkChartSummary Summary);

/// <summary>
/// The overview's picture of the network: each subnet's annualised subsidy (up) against its external revenue (across),
/// both in USD a year on log axes, with the 1x and 10x lines. Points are sized by the subnet's share of the network's
/// subsidy and labelled by netuid; subnets without revenue sit in a strip on the left. Pure, so tests pin it exactly;
/// every figure comes from the engine's rows. Subnet names are untrusted: they reach Plotly only HTML-encoded, in hover
/// text that no template reads.
/// </summary>
public static class NetworkChartTraces
{
    /// <summary>The chart's id: its div, and the name of the PNG Plotly downloads.</summary>
    public const string Id = "network-chart";

    /// <summary>At most this many points (the largest subsidies); the caption counts those left out.</summary>
    public const int MaxPoints = 300;

    /// <summary>Diameter (px) of the point with the largest share; the others scale by area.</summary>
    public const double LargestMarker = 40;

    /// <summary>The smallest diameter (px), so a tiny share stays visible and hoverable.</summary>
    public const double SmallestMarker = 5;

    /// <summary>Above this multiple of its revenue a subnet "lives on subsidy".</summary>
    public const decimal LivesOnSubsidyMultiple = 10m;

    /// <summary>
    /// In the strip, where a hundred points can share one column, only points at least this wide (px) carry their netuid:
    /// a stack of overlapping numbers reads as nothing. Every point has its hover.
    /// </summary>
    public const double LabelledStripMarker = 12;

    /// <summary>The no-revenue strip's name in the legend.</summary>
    public const string NoRevenueName = "No revenue data";

    private const string Above10Name = "Subsidy over 10× revenue";
    private const string Between1And10Name = "Subsidy 1–10× revenue";
    private const string CoveredName = "Revenue at or above subsidy";
    private const string OneXName = "1×: subsidy = revenue";
    private const string TenXName = "10×: subsidy = 10 × revenue";

    // Okabe–Ito, as the other charts: vermillion, orange, bluish green, grey for unknown.
    private const string Above10Colour = "rgb(213,94,0)";
    private const string Between1And10Colour = "rgb(230,159,0)";
    private const string CoveredColour = "rgb(0,158,115)";
    private const string NoRevenueColour = "rgb(120,120,120)";

    /// <summary>
    /// The figure for <paramref name="rows"/> (one per subnet, subsidy on <paramref name="side"/>, annualised over
    /// <paramref name="windowDays"/>). A subnet without a subsidy figure, or with zero, is left out and counted.
    /// </summary>
    public static NetworkChartFigure Build(IReadOnlyList<SubnetRow> rows, SubsidySide side, int windowDays, int maxPoints = MaxPoints)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        var positive = rows.Where(r => r.AnnualisedSubsidyUsd.Base > 0).OrderByDescending(r => r.AnnualisedSubsidyUsd.Base).ThenBy(r => r.Netuid).ToList();
        var drawn = positive.Take(maxPoints).ToList();
        // The network's subsidy: every subnet with a figure, drawn or not.
        var total = positive.Sum(r => r.AnnualisedSubsidyUsd.Base!.Value);
        var points = drawn.Select(r => Point.Of(r, total)).ToList();
        var summary = new NetworkChartSummary(
            rows.Count,
            points.Count,
            rows.Count(r => r.AnnualisedSubsidyUsd.Base is null),
            rows.Count(r => r.AnnualisedSubsidyUsd.Base <= 0),
            points.Count(p => p.Revenue is not null),
            points.Count(p => p.Group == Group.Above10),
            positive.Count - points.Count);
        if (points.Count == 0)
        {
            return new NetworkChartFigure([], EmptyLayout(), Config(), summary);
        }

        var axes = Axes.Of(points);
        var largest = points.Max(p => p.Subsidy);
        var data = new List<ITrace> { Diagonal(axes, 1, OneXName, "solid"), Diagonal(axes, 10, TenXName, "dash") };
        foreach (var (group, name, colour) in new[]
        {
            (Group.Above10, Above10Name, Above10Colour), (Group.Between1And10, Between1And10Name, Between1And10Colour),
            (Group.Covered, CoveredName, CoveredColour), (Group.NoRevenue, NoRevenueName, NoRevenueColour),
        })
        {
            var members = points.Where(p => p.Group == group).ToList();
            if (members.Count > 0)
            {
                data.Add(Points(members, name, colour, axes, largest, side, windowDays));
            }
        }

        return new NetworkChartFigure(data, Layout(axes, points.Any(p => p.Group == Group.NoRevenue)), Config(), summary);
    }

    /// <summary>What the chart shows, in words, for the caption: axes, sizes, lines and the strip.</summary>
    public static string Explanation(SubsidySide side, int windowDays) =>
        $"Each point is a subnet, labelled by netuid: its annualised subsidy ({ValuationParameters.SideName(side)}, trailing {windowDays}-day window) "
        + "up, its external revenue across, both in USD a year on log scales. A point's area is the subnet's share of the network's subsidy. "
        + "Points above the solid 1x line get more subsidy than they earn; above the dashed line, more than ten times. "
        + "Subnets without revenue data sit in the grey strip on the left, at their subsidy; there only the larger points carry their netuid (hover for every one). "
        + "A missing figure is left out, never drawn as zero.";

    /// <summary>
    /// Text for Plotly's HTML-capable labels: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> encoded, so markup in a
    /// name shows as text. Plotly decodes exactly these entities back for display.
    /// </summary>
    public static string Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <summary>The marker diameter (px, to 0.1) for a subsidy: area in proportion to share, the largest share at <see cref="LargestMarker"/>.</summary>
    public static double MarkerSize(decimal subsidy, decimal largest) =>
        Math.Max(SmallestMarker, Math.Round(LargestMarker * Math.Sqrt((double)(subsidy / largest)), 1));

    private enum Group
    {
        Above10,
        Between1And10,
        Covered,
        NoRevenue,
    }

    private sealed record Point(SubnetRow Row, decimal Subsidy, decimal? Revenue, decimal Share, Group Group)
    {
        public static Point Of(SubnetRow row, decimal total)
        {
            var subsidy = row.AnnualisedSubsidyUsd.Base!.Value;
            // Zero or negative revenue has no place on a log axis: it goes to the strip with what is unknown.
            var revenue = row.AnnualisedRevenueUsd.Base is { } r && r > 0 ? r : (decimal?)null;
            var group = revenue is not { } known ? Group.NoRevenue
                : subsidy > LivesOnSubsidyMultiple * known ? Group.Above10
                : subsidy > known ? Group.Between1And10
                : Group.Covered;
            return new Point(row, subsidy, revenue, subsidy / total, group);
        }
    }

    // Both axes span the same decades so the 1x line is the diagonal; the x axis reaches 1.15 decades further left for the strip.
    private sealed record Axes(int Low, int High)
    {
        public const double Pad = 0.15;

        public const double StripColumn = 0.15;

        public double StripLog => Low - 0.75;

        public double StripEdgeLog => Low - 0.35;

        public double XFrom => Low - 1.15;

        public double XTo => High + Pad;

        public double YFrom => Low - Pad;

        public double YTo => High + Pad;

        public static Axes Of(IReadOnlyList<Point> points)
        {
            var values = points.Select(p => p.Subsidy).Concat(points.Where(p => p.Revenue is not null).Select(p => p.Revenue!.Value)).ToList();
            var low = (int)Math.Floor(Math.Log10((double)values.Min()));
            var high = (int)Math.Ceiling(Math.Log10((double)values.Max()));
            return new Axes(low, Math.Max(high, low + 1));
        }
    }

    private static Scatter Diagonal(Axes axes, int multiple, string name, string dash)
    {
        // From the left edge of the data to the top or right edge, whichever the line reaches first.
        var from = Math.Pow(10, axes.Low);
        var to = Math.Pow(10, axes.High) / multiple;
        return new Scatter
        {
            Name = name,
            Mode = ModeFlag.Lines,
            X = [from, to],
            Y = [from * multiple, to * multiple],
            Line = new Line { Color = "#555555", Width = 1, Dash = dash },
            HoverInfo = HoverInfoFlag.Skip,
        };
    }

    private static Scatter Points(List<Point> points, string name, string colour, Axes axes, decimal largest, SubsidySide side, int windowDays)
    {
        var strip = points[0].Group == Group.NoRevenue;
        return new Scatter
        {
            Name = name,
            Mode = ModeFlag.Markers | ModeFlag.Text,
            // The strip's points alternate between two columns by rank, so their labels overlap less.
            X = [.. points.Select((p, i) => (object)(p.Revenue is { } revenue ? (double)revenue : Math.Pow(10, axes.StripLog + (i % 2 == 0 ? -Axes.StripColumn : Axes.StripColumn))))],
            Y = [.. points.Select(p => (object)(double)p.Subsidy)],
            // Netuids only: trusted text.
            TextArray = [.. points.Select(p => !strip || MarkerSize(p.Subsidy, largest) >= LabelledStripMarker ? p.Row.Netuid.ToString(CultureInfo.InvariantCulture) : "")],
            TextPosition = strip ? TextPositionEnum.MiddleRight : TextPositionEnum.TopCenter,
            TextFont = new TextFont { Size = 10, Color = "#333333" },
            // Hover text, not a template: a name with "%{y}" in it stays text.
            HoverTextArray = [.. points.Select(p => Hover(p, side, windowDays))],
            HoverInfo = HoverInfoFlag.Text,
            Marker = new Marker
            {
                Color = colour,
                Opacity = 0.75m,
                SizeArray = [.. points.Select(p => (decimal?)MarkerSize(p.Subsidy, largest))],
                Line = new Plotly.Blazor.Traces.ScatterLib.MarkerLib.Line { Color = "#ffffff", Width = 0.5m },
            },
        };
    }

    private static string Hover(Point point, SubsidySide side, int windowDays)
    {
        var row = point.Row;
        var name = row.Name is { Length: > 0 } text ? $"SN{row.Netuid} {Encode(text)}" : $"SN{row.Netuid}";
        var revenue = row.AnnualisedRevenueUsd.Base is { } value
            ? $"{Usd(value)} a year{Range(row.AnnualisedRevenueUsd)}"
            : $"n/a ({Describe(row.AnnualisedRevenueUsd.Reason)})";
        var ratio = row.SubsidyToRevenue.Base is { } multiple
            ? multiple.ToString("N1", CultureInfo.InvariantCulture) + "x"
            : $"n/a ({Describe(row.SubsidyToRevenue.Reason)})";
        return $"<b>{name}</b><br>Subsidy ({ValuationParameters.SideName(side)}, {windowDays}-day window): {Usd(point.Subsidy)} a year"
            + $"<br>External revenue: {revenue}<br>Subsidy ÷ revenue: {ratio}"
            + $"<br>Share of the network's subsidy: {(point.Share * 100).ToString("N1", CultureInfo.InvariantCulture)}%"
            + Notes(row);
    }

    // The figures' notes and the row's registration in words: fixed text, never a name.
    private static string Notes(SubnetRow row)
    {
        var lines = new List<string>(4);
        foreach (var (label, figure) in new[] { ("Subsidy", row.AnnualisedSubsidyUsd), ("Revenue", row.AnnualisedRevenueUsd), ("Subsidy ÷ revenue", row.SubsidyToRevenue) })
        {
            if (figure.Base is not null && figure.NoteWords() is { } words)
            {
                lines.Add($"<br>{label} note: {Encode(words)}");
            }
        }

        if (row.Notes.Contains(RegistrationNote.Code) && row.RegisteredOn is { } registered)
        {
            lines.Add($"<br>Registered on {registered.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, inside the window: earlier days count as zero");
        }

        return string.Concat(lines);
    }

    private static string Range(Figure figure) =>
        figure is { Low: { } low, High: { } high, Base: { } value } && (low != value || high != value) ? $" (range {Usd(low)}–{Usd(high)})"
        : figure is { Low: { } openLow, High: null, Base: not null } ? $" (range {Usd(openLow)}–open)"
        : "";

    private static string Usd(decimal value) => "$" + value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Describe(string? code) =>
        Enum.TryParse<MissingReason>(code, ignoreCase: true, out var reason) ? reason.Describe() : code ?? "missing";

    private static Layout Layout(Axes axes, bool strip)
    {
        var decades = Enumerable.Range(axes.Low, axes.High - axes.Low + 1).ToList();
        var xTicks = decades.Select(d => (object)Math.Pow(10, d)).ToList();
        var xText = decades.Select(d => (object)Decade(d)).ToList();
        if (strip)
        {
            xTicks.Insert(0, Math.Pow(10, axes.StripLog));
            xText.Insert(0, "no revenue data");
        }

        var stripEdge = (axes.StripEdgeLog - axes.XFrom) / (axes.XTo - axes.XFrom);
        return new Layout
        {
            HoverMode = HoverModeEnum.Closest,
            // Taller than the time-series charts: a hundred subnets share the height.
            Height = 540,
            XAxis = [new XAxis
            {
                Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Log,
                Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "External revenue, USD per year" },
                Range = [axes.XFrom, axes.XTo],
                TickMode = Plotly.Blazor.LayoutLib.XAxisLib.TickModeEnum.Array,
                TickVals = xTicks,
                TickText = xText,
                ZeroLine = false,
            }],
            YAxis = [new YAxis
            {
                Type = Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log,
                Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "Subsidy, USD per year" },
                Range = [axes.YFrom, axes.YTo],
                TickMode = Plotly.Blazor.LayoutLib.YAxisLib.TickModeEnum.Array,
                TickVals = [.. decades.Select(d => (object)Math.Pow(10, d))],
                TickText = [.. decades.Select(d => (object)Decade(d))],
                AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True,
                ZeroLine = false,
            }],
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.2m }],
            Margin = new Margin { T = 20 },
            // The strip in paper coordinates: the same on any axis type.
            Shapes = strip
                ? [new Shape
                {
                    Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Rect,
                    XRef = "paper",
                    YRef = "paper",
                    X0 = 0,
                    X1 = (decimal)stripEdge,
                    Y0 = 0,
                    Y1 = 1,
                    FillColor = "rgba(0,0,0,0.06)",
                    Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Width = 0 },
                    Layer = Plotly.Blazor.LayoutLib.ShapeLib.LayerEnum.Below,
                }]
                : [],
        };
    }

    // Without a point, Plotly is not drawn at all: the page says "No data" instead.
    private static Layout EmptyLayout() => new();

    private static Config Config() => new()
    {
        Responsive = true,
        DisplayLogo = false,
        ModeBarButtonsToRemove = new[] { "lasso2d", "select2d" },
        ToImageButtonOptions = new Dictionary<string, object> { ["format"] = "png", ["filename"] = "taolens-" + Id, ["scale"] = 2 },
    };

    /// <summary>A decade as an axis label: $1, $10, $100, $1k … $1M … $1B … $1T.</summary>
    public static string Decade(int power) => power switch
    {
        < 0 => "$" + Math.Pow(10, power).ToString("0.##########", CultureInfo.InvariantCulture),
        < 3 => "$" + Math.Pow(10, power).ToString("0", CultureInfo.InvariantCulture),
        < 6 => $"${Math.Pow(10, power - 3).ToString("0", CultureInfo.InvariantCulture)}k",
        < 9 => $"${Math.Pow(10, power - 6).ToString("0", CultureInfo.InvariantCulture)}M",
        < 12 => $"${Math.Pow(10, power - 9).ToString("0", CultureInfo.InvariantCulture)}B",
        _ => $"${Math.Pow(10, power - 12).ToString("0", CultureInfo.InvariantCulture)}T",
    };
}
