using System.Globalization;
using TaoLens.Core.Text;
using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Subnets;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Features.Overview;

/// <summary>A sortable leaderboard column: its URL key, header, and the figure it sorts by.</summary>
public sealed record LeaderboardColumn(string Key, string Header, Func<SubnetRow, Figure> Figure, string Unit);

/// <summary>
/// The overview's table state, all of it in the URL (<c>?sort=…&amp;dir=…&amp;side=alpha&amp;revenue=only&amp;q=…&amp;netuids=3,64</c>),
/// so any view is a link; <see cref="Netuids"/> keeps only the chosen subnets (a watchlist). Sorting never invents values: rows whose figure is missing go last, whatever the direction.
/// The side picks which subsidy the rows carry (<see cref="SubnetRow.AllFrom"/>); sorting itself is side-blind.
/// </summary>
public sealed record LeaderboardState(string Sort, bool Descending, bool RevenueOnly, string? Search, SubsidySide Side = SubsidySide.TaoSide, IReadOnlyList<int>? Netuids = null)
{
    public const int MaxSearchLength = 64;

    /// <summary>The most subnets a watchlist (<c>netuids=</c>) names.</summary>
    public const int MaxNetuids = 64;

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
    public static LeaderboardState From(string? sort, string? dir, string? revenue, string? q, string? side = null, string? netuids = null) => new(
        IsSortKey(sort) ? sort! : "taoPerDay",
        dir != "asc",
        revenue == "only",
        // Typed text: blank is no search; control characters go; the cap never cuts an emoji in half.
        UntrustedText.Clean(q, MaxSearchLength),
        ValuationParameters.ParseSide(side) ?? SubsidySide.TaoSide,
        ParseNetuids(netuids, MaxNetuids));

    public static bool IsSortKey(string? sort) => Columns.Any(c => c.Key == sort) || sort is "netuid" or "name";

    /// <summary>
    /// <c>3,4,64</c> as distinct netuids in the order given; null when blank, or when it is not up to
    /// <paramref name="max"/> whole numbers separated by commas.
    /// </summary>
    public static IReadOnlyList<int>? ParseNetuids(string? text, int max)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var netuids = new List<int>();
        foreach (var part in parts)
        {
            if (part.Length > 5 || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var netuid) || netuid > ushort.MaxValue)
            {
                return null;
            }

            if (!netuids.Contains(netuid))
            {
                netuids.Add(netuid);
            }
        }

        return netuids.Count is 0 || netuids.Count > max ? null : netuids;
    }

    public IReadOnlyList<SubnetRow> Apply(IEnumerable<SubnetRow> rows)
    {
        var filtered = rows
            .Where(r => Netuids is null || Netuids.Contains(r.Netuid))
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
    public string Link(string sort, bool descending) => "/?" + Query(sort, descending);

    /// <summary>The whole state as a query string (no <c>?</c>): what the overview's links and saved views carry.</summary>
    public string Query() => Query(Sort, Descending);

    private string Query(string sort, bool descending)
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

        if (Netuids is not null)
        {
            query.Add($"netuids={string.Join(',', Netuids)}");
        }

        return string.Join('&', query);
    }

    public string AriaSort(string key) => key != Sort ? "none" : Descending ? "descending" : "ascending";
}
