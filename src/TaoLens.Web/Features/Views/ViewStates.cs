using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using TaoLens.Data.Views;
using TaoLens.Web.Api;
using TaoLens.Web.Features.Compare;
using TaoLens.Web.Features.Overview;
using TaoLens.Web.Features.Subnets;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Views;

/// <summary>A view's page state after checking: the canonical query string and how its range is kept.</summary>
public sealed record ViewState(string Page, string State, ViewRangeMode RangeMode, int? RangeDays)
{
    /// <summary>The range as the API writes it: <c>fixed</c>, <c>last-90-days</c>, <c>year-to-date</c>.</summary>
    public string RangeText => ViewStates.RangeText(RangeMode, RangeDays);
}

/// <summary>
/// What a saved view may hold, checked with the pages' own parsers: the page (<c>overview</c>, <c>subnet</c>,
/// <c>compare</c>), its query string (only the keys that page reads, each once, each valid), and the range mode. A saved
/// state is stored canonical, so opening it reproduces the page; relative ranges are resolved when the view is opened.
/// </summary>
public static partial class ViewStates
{
    public const string Overview = "overview";
    public const string Subnet = "subnet";
    public const string Compare = "compare";

    public static readonly IReadOnlyList<string> Pages = [Overview, Subnet, Compare];

    /// <summary>The range modes offered when saving, as the API and the form write them.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> Ranges =
    [
        ("fixed", "the dates as shown"),
        ("last-30-days", "last 30 days"),
        ("last-90-days", "last 90 days"),
        ("last-365-days", "last 365 days"),
        ("year-to-date", "year to date"),
    ];

    private static readonly Dictionary<string, string[]> s_keys = new()
    {
        [Overview] = ["sort", "dir", "revenue", "q", "side", "netuids"],
        [Subnet] = ["netuid", "window", "side", "from", "to"],
        [Compare] = ["netuids", "metric", "from", "to"],
    };

    /// <summary>The state checked and made canonical, or a 400 naming what is wrong.</summary>
    public static Outcome<ViewState> Normalise(string? page, string? state, string? range)
    {
        page = page?.Trim().ToLowerInvariant();
        if (page is null || !s_keys.TryGetValue(page, out var allowed))
        {
            return Refusal.Invalid("page", "page is overview, subnet or compare.");
        }

        state = (state ?? "").Trim();
        if (state.Length > SavedView.StateMaxLength)
        {
            return Refusal.Invalid("state", $"state has at most {SavedView.StateMaxLength} characters.");
        }

        if (!TryParseRange(range, out var mode, out var days))
        {
            return Refusal.Invalid("range", "range is fixed, last-N-days (N from 1 to 1830) or year-to-date.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in QueryHelpers.ParseQuery(state.StartsWith('?') ? state : "?" + state))
        {
            // The open view's id rides along in page URLs; it is not part of the state.
            if (key == "view")
            {
                continue;
            }

            if (!allowed.Contains(key))
            {
                return Refusal.Invalid("state", $"The {page} page has no parameter '{Cap(key)}'; it reads {string.Join(", ", allowed)}.");
            }

            if (value.Count != 1)
            {
                return Refusal.Invalid("state", $"{key} is given more than once.");
            }

            values[key] = value.ToString();
        }

        if (mode != ViewRangeMode.Fixed && page == Overview)
        {
            return Refusal.Invalid("range", "The overview has no time range: save it with range fixed.");
        }

        var error = page switch
        {
            Overview => OverviewState(values, out state),
            Subnet => SubnetState(values, mode, out state),
            _ => CompareState(values, mode, out state),
        };
        return error is null ? new ViewState(page, state, mode, days) : Refusal.Invalid("state", error);
    }

    private static string? OverviewState(Dictionary<string, string> values, out string state)
    {
        state = "";
        var sort = values.GetValueOrDefault("sort");
        if (sort is not null && !LeaderboardState.IsSortKey(sort))
        {
            return $"sort is one of netuid, name, {string.Join(", ", LeaderboardState.Columns.Select(c => c.Key))}.";
        }

        if (values.GetValueOrDefault("dir") is { } dir && dir is not ("asc" or "desc"))
        {
            return "dir is asc or desc.";
        }

        if (values.GetValueOrDefault("revenue") is { } revenue && revenue is not ("only" or ""))
        {
            return "revenue is only, or left out.";
        }

        if (SideError(values) is { } sideError)
        {
            return sideError;
        }

        var netuids = values.GetValueOrDefault("netuids");
        if (!string.IsNullOrWhiteSpace(netuids) && LeaderboardState.ParseNetuids(netuids, LeaderboardState.MaxNetuids) is null)
        {
            return $"netuids is up to {LeaderboardState.MaxNetuids} netuids separated by commas.";
        }

        state = LeaderboardState.From(sort, values.GetValueOrDefault("dir"), values.GetValueOrDefault("revenue"), values.GetValueOrDefault("q"),
            values.GetValueOrDefault("side"), netuids).Query();
        return null;
    }

    private static string? SubnetState(Dictionary<string, string> values, ViewRangeMode mode, out string state)
    {
        state = "";
        if (!values.TryGetValue("netuid", out var netuidText) || LeaderboardState.ParseNetuids(netuidText, 1) is not [var netuid])
        {
            return "A subnet view names its subnet: netuid=64.";
        }

        var query = new List<string> { $"netuid={netuid.ToString(CultureInfo.InvariantCulture)}" };
        if (values.GetValueOrDefault("window") is { } window)
        {
            if (ValuationParameters.ParseWindow(window) is not { } days)
            {
                return $"window is one of {string.Join(", ", ValuationParameters.Windows)}.";
            }

            query.Add($"window={days.ToString(CultureInfo.InvariantCulture)}");
        }

        if (SideError(values) is { } sideError)
        {
            return sideError;
        }

        if (ValuationParameters.ParseSide(values.GetValueOrDefault("side")) is { } side)
        {
            query.Add($"side={ValuationParameters.SideText(side)}");
        }

        return AddRange(values, mode, query, out state);
    }

    private static string? CompareState(Dictionary<string, string> values, ViewRangeMode mode, out string state)
    {
        state = "";
        if (LeaderboardState.ParseNetuids(values.GetValueOrDefault("netuids"), CompareQuery.MaxSubnets) is not { } netuids)
        {
            return $"A comparison names 1 to {CompareQuery.MaxSubnets} subnets: netuids=3,4,64.";
        }

        var query = new List<string> { $"netuids={string.Join(',', netuids)}" };
        if (values.GetValueOrDefault("metric") is { } metric)
        {
            if (!SubnetMetrics.All.ContainsKey(metric))
            {
                return $"metric '{Cap(metric)}' is not one of {string.Join(", ", SubnetMetrics.All.Keys)}.";
            }

            query.Add($"metric={metric}");
        }

        return AddRange(values, mode, query, out state);
    }

    private static string? SideError(Dictionary<string, string> values) =>
        values.GetValueOrDefault("side") is { } side && ValuationParameters.ParseSide(side) is null ? "side is tao or alpha." : null;

    /// <summary>Fixed ranges keep their dates (checked as the pages check them); relative ones keep none, they are resolved on opening.</summary>
    private static string? AddRange(Dictionary<string, string> values, ViewRangeMode mode, List<string> query, out string state)
    {
        state = "";
        if (mode == ViewRangeMode.Fixed)
        {
            DateOnly? from = null;
            DateOnly? to = null;
            foreach (var key in new[] { "from", "to" })
            {
                if (values.GetValueOrDefault(key) is not { } text)
                {
                    continue;
                }

                if (!ValuationParameters.TryParseDay(text, key, out var day, out var error))
                {
                    return error;
                }

                query.Add($"{key}={ValuationParameters.Text(day)}");
                if (key == "from")
                {
                    from = day;
                }
                else
                {
                    to = day;
                }
            }

            if (from > to)
            {
                return "from is after to.";
            }

            if (to?.DayNumber - from?.DayNumber >= ValuationParameters.MaxRangeDays)
            {
                return $"A range spans at most {ValuationParameters.MaxRangeDays} days.";
            }
        }

        state = string.Join('&', query);
        return null;
    }

    public static string RangeText(ViewRangeMode mode, int? days) => mode switch
    {
        ViewRangeMode.LastDays => $"last-{days}-days",
        ViewRangeMode.YearToDate => "year-to-date",
        _ => "fixed",
    };

    public static string RangeLabel(ViewRangeMode mode, int? days) => mode switch
    {
        ViewRangeMode.LastDays => $"last {days} days",
        ViewRangeMode.YearToDate => "year to date",
        _ => "fixed dates",
    };

    public static bool TryParseRange(string? text, out ViewRangeMode mode, out int? days)
    {
        mode = ViewRangeMode.Fixed;
        days = null;
        text = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(text) || text == "fixed")
        {
            return true;
        }

        if (text == "year-to-date")
        {
            mode = ViewRangeMode.YearToDate;
            return true;
        }

        var match = LastDaysPattern().Match(text);
        if (match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n >= 1 && n <= ValuationParameters.MaxRangeDays)
        {
            (mode, days) = (ViewRangeMode.LastDays, n);
            return true;
        }

        return false;
    }

    /// <summary>
    /// The state with a relative range turned into dates: the last N days, or the year so far, both ending on
    /// <paramref name="anchor"/> (the latest day with data; today in UTC when there is none).
    /// </summary>
    public static string Resolve(string state, ViewRangeMode mode, int? days, DateOnly anchor)
    {
        var from = mode switch
        {
            ViewRangeMode.LastDays => anchor.AddDays(1 - (days ?? 1)),
            ViewRangeMode.YearToDate => new DateOnly(anchor.Year, 1, 1),
            _ => (DateOnly?)null,
        };
        return from is { } start
            ? Join(state, $"from={ValuationParameters.Text(start)}&to={ValuationParameters.Text(anchor)}")
            : state;
    }

    /// <summary>The page's address for a (resolved) state; a subnet view's netuid goes in the path.</summary>
    public static string PageUrl(string page, string state, Guid? viewId = null)
    {
        var values = QueryHelpers.ParseQuery("?" + state);
        var rest = string.Join('&', state.Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("netuid=", StringComparison.Ordinal)));
        var view = viewId is { } id ? $"view={id}" : "";
        return page switch
        {
            Subnet => $"/subnets/{values["netuid"]}" + Query(Join(rest, view)),
            Compare => "/compare" + Query(Join(state, view)),
            _ => "/" + Query(Join(state, view)),
        };
    }

    /// <summary>The query string's values (each key once, as normalised).</summary>
    public static IReadOnlyDictionary<string, string> Values(string state) =>
        QueryHelpers.ParseQuery("?" + state).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    /// <summary>A page's own query (from the browser's address) as a view state: everything but <c>view</c>.</summary>
    public static string FromPageQuery(string? query, int? netuid = null)
    {
        var parts = (query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("view=", StringComparison.Ordinal) && !p.StartsWith("netuid=", StringComparison.Ordinal));
        return string.Join('&', netuid is { } n ? parts.Prepend($"netuid={n.ToString(CultureInfo.InvariantCulture)}") : parts);
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : $"{a}&{b}";

    private static string Query(string query) => query.Length == 0 ? "" : "?" + query;

    /// <summary>Echoed text is untrusted: capped so a refusal stays short.</summary>
    private static string Cap(string text) => text.Length > 40 ? text[..40] + "…" : text;

    [GeneratedRegex("^last-([0-9]{1,4})-days$", RegexOptions.CultureInvariant)]
    private static partial Regex LastDaysPattern();
}
