using System.Globalization;
using TaoLens.Core.Text;
using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Subnets;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Overview;

/// <summary>A sortable leaderboard column: its URL key, header, and the figure it sorts by.</summary>
public sealed record LeaderboardColumn(string Key, string Header, Func<SubnetRow, Figure> Figure, string Unit);

/// <summary>
/// The overview's table state, all of it in the URL (<c>?sort=…&amp;dir=…&amp;side=alpha&amp;revenue=only&amp;q=…</c>), so any
/// view is a link. Sorting never invents values: rows whose figure is missing go last, whatever the direction.
/// The side picks which subsidy the rows carry (<see cref="SubnetRow.AllFrom"/>); sorting itself is side-blind.
/// </summary>
public sealed record LeaderboardState(string Sort, bool Descending, bool RevenueOnly, string? Search, SubsidySide Side = SubsidySide.TaoSide)
{
    public const int MaxSearchLength = 64;

    public static readonly IReadOnlyList<LeaderboardColumn> Columns =
    [
        new("taoPerDay", "TAO per day", r => r.TaoPerDay, "TAO"),
        new("subsidy", "Subsidy, USD per year", r => r.AnnualisedSubsidyUsd, "USD"),
        new("revenue", "External revenue, USD per year", r => r.AnnualisedRevenueUsd, "USD"),
        new("subsidyToRevenue", "Subsidy ÷ revenue", r => r.SubsidyToRevenue, "x"),
        new("priceToSales", "P/S", r => r.PriceToSales, "x"),
        new("marketCap", "Alpha market cap, USD", r => r.AlphaMarketCapUsd, "USD"),
    ];

    /// <summary>The URL value of <see cref="Side"/>: <c>tao</c> or <c>alpha</c>.</summary>
    public string SideText => ValuationParameters.SideText(Side);

    /// <summary>State from raw query values; anything unknown falls back to the default rather than failing the page.</summary>
    public static LeaderboardState From(string? sort, string? dir, string? revenue, string? q, string? side = null) => new(
        Columns.Any(c => c.Key == sort) || sort is "netuid" or "name" ? sort! : "taoPerDay",
        dir != "asc",
        revenue == "only",
        // Typed text: blank is no search; control characters go; the cap never cuts an emoji in half.
        UntrustedText.Clean(q, MaxSearchLength),
        ValuationParameters.ParseSide(side) ?? SubsidySide.TaoSide);

    public IReadOnlyList<SubnetRow> Apply(IEnumerable<SubnetRow> rows)
    {
        var filtered = rows
            .Where(r => !RevenueOnly || r.AnnualisedRevenueUsd.Base is not null || r.RevenueAsOf is not null)
            .Where(r => Search is null || (r.Name?.Contains(Search, StringComparison.OrdinalIgnoreCase) ?? false)
                || r.Netuid.ToString(CultureInfo.InvariantCulture) == Search);
        if (Sort == "netuid")
        {
            return [.. Descending ? filtered.OrderByDescending(r => r.Netuid) : filtered.OrderBy(r => r.Netuid)];
        }

        if (Sort == "name")
        {
            var byName = Descending ? filtered.OrderByDescending(r => r.Name, StringComparer.OrdinalIgnoreCase) : filtered.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase);
            return [.. byName.ThenBy(r => r.Netuid)];
        }

        var figure = Columns.Single(c => c.Key == Sort).Figure;
        var present = filtered.Where(r => figure(r).Base is not null);
        var ordered = Descending ? present.OrderByDescending(r => figure(r).Base) : present.OrderBy(r => figure(r).Base);
        return [.. ordered.ThenBy(r => r.Netuid), .. filtered.Where(r => figure(r).Base is null).OrderBy(r => r.Netuid)];
    }

    /// <summary>The link that sorts by <paramref name="key"/>: the same column flips direction, a new one starts descending.</summary>
    public string SortLink(string key) => Link(key, key == Sort ? !Descending : key != "name" && key != "netuid");

    /// <summary>This view sorted as asked, keeping side, filter and search.</summary>
    public string Link(string sort, bool descending)
    {
        var query = new List<string> { $"sort={Uri.EscapeDataString(sort)}", $"dir={(descending ? "desc" : "asc")}" };
        // The TAO side is the default, so it is left out: TAO-side links stay as they were before sides existed.
        if (Side != SubsidySide.TaoSide)
        {
            query.Add($"side={SideText}");
        }

        if (RevenueOnly)
        {
            query.Add("revenue=only");
        }

        if (Search is not null)
        {
            query.Add($"q={Uri.EscapeDataString(Search)}");
        }

        return "/?" + string.Join('&', query);
    }

    public string AriaSort(string key) => key != Sort ? "none" : Descending ? "descending" : "ascending";
}
