using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using TaoLens.Web.Features.Overview;
using TaoLens.Web.Features.Subnets;
using TaoLens.Web.Features.Valuation;

namespace TaoLens.Web.Tests.Components;

public sealed class LeaderboardTests : BunitContext
{
    private static readonly DateOnly AsOf = new(2025, 10, 27);
    private static readonly Figure NoRevenue = new(null, null, null, "noRevenueData");

    private static Figure Point(decimal value) => new(value, value, value, null);

    /// <summary>A live row with a subsidy, no revenue, and no multiples.</summary>
    private static SubnetRow Row(int netuid, string? name, decimal? subsidyToRevenue = null) => new(
        netuid, name, null, false, Point(100m), Point(1_000_000m), NoRevenue, null, null, false,
        subsidyToRevenue is { } x ? Point(x) : NoRevenue, NoRevenue, Point(5_000_000m));

    private static SubnetRow WithRevenue(SubnetRow row, decimal usd, bool stale = false) => row with
    {
        AnnualisedRevenueUsd = stale ? new Figure(null, null, null, "staleRevenue") : Point(usd),
        RevenueAsOf = new DateOnly(2026, 3, 1),
        RevenueSourceKind = "ThirdParty",
        RevenueStale = stale,
    };

    private IRenderedComponent<Leaderboard> RenderBoard(IReadOnlyList<SubnetRow> rows, LeaderboardState state) =>
        Render<Leaderboard>(p => p.Add(c => c.Rows, rows).Add(c => c.State, state).Add(c => c.AsOf, AsOf).Add(c => c.WindowDays, 30));

    private static List<int> Netuids(IRenderedComponent<Leaderboard> board) =>
        [.. board.FindAll("tbody tr").Select(tr => int.Parse(tr.QuerySelector("td")!.TextContent, CultureInfo.InvariantCulture))];

    private static IElement Header(IRenderedComponent<Leaderboard> board, string text) =>
        board.FindAll("thead th").Single(th => th.TextContent == text);

    // Ties (1 and 4 at 5x) break by netuid; rows without a multiple (2, 5) go last, by netuid, in both directions.
    [Theory]
    [InlineData("desc", new[] { 3, 1, 4, 2, 5 })]
    [InlineData("asc", new[] { 1, 4, 3, 2, 5 })]
    public void Sorting_by_subsidy_to_revenue_keeps_na_last_and_breaks_ties_by_netuid(string dir, int[] expected)
    {
        SubnetRow[] rows = [Row(5, "e"), Row(4, "d", 5m), Row(2, "b"), Row(3, "c", 20m), Row(1, "a", 5m)];

        var board = RenderBoard(rows, LeaderboardState.From("subsidyToRevenue", dir, null, null));

        Assert.Equal(expected, Netuids(board));
    }

    [Fact]
    public void A_subnet_registered_inside_the_window_has_a_badge_with_the_full_sentence_on_hover_and_for_screen_readers()
    {
        // Registered 2025-10-24, three days before the as-of day 2025-10-27; SN2 has no such note.
        var registered = Row(1, "a") with { RegisteredOn = new DateOnly(2025, 10, 24), Notes = [RegistrationNote.Code] };

        var board = RenderBoard([registered, Row(2, "b")], LeaderboardState.From(null, null, null, null));

        var badge = Assert.Single(board.FindAll("span.badge.registered"));
        const string Sentence = "Registered on 2025-10-24 (3 days before 2025-10-27), inside the 30-day window: the days before it count as zero "
            + "emission, so its yearly subsidy is the window's average, lower than its daily rate × 365.";
        Assert.Equal(Sentence, badge.GetAttribute("title"));
        Assert.Equal("registered 3 days ago: " + Sentence, badge.TextContent);
        Assert.Equal(": " + Sentence, badge.QuerySelector(".visually-hidden")!.TextContent);
        Assert.Equal("1", badge.Closest("tr")!.QuerySelector("td")!.TextContent);
    }

    [Fact]
    public void The_table_scrolls_in_a_labelled_region_a_keyboard_can_reach()
    {
        var board = RenderBoard([Row(1, "a", 2m)], LeaderboardState.From(null, null, null, null));

        var region = board.Find("div.table-scroll");
        Assert.Equal(("region", "Subnets table", "0"), (region.GetAttribute("role"), region.GetAttribute("aria-label"), region.GetAttribute("tabindex")));
        Assert.Equal("TABLE", Assert.Single(region.Children).TagName);
    }

    [Fact]
    public void Aria_sort_marks_only_the_sorted_column()
    {
        var board = RenderBoard([Row(1, "a", 2m)], LeaderboardState.From("subsidyToRevenue", "asc", null, null));

        var sorts = board.FindAll("thead th").ToDictionary(th => th.TextContent, th => th.GetAttribute("aria-sort"));
        Assert.Equal("ascending", sorts["Subsidy ÷ revenue"]);
        Assert.Equal("none", sorts["Netuid"]);
        Assert.Equal("none", sorts["Subnet"]);
        Assert.Equal("none", sorts["P/S"]);
        Assert.Null(sorts["Revenue as of"]);
        Assert.All(board.FindAll("thead th[scope=col]"), th => Assert.Equal("col", th.GetAttribute("scope")));
        Assert.Equal("descending", Header(RenderBoard([Row(1, "a")], LeaderboardState.From("subsidy", "desc", null, null)), "Subsidy, USD per year").GetAttribute("aria-sort"));
    }

    [Fact]
    public void Sort_links_flip_the_sorted_column_and_carry_side_filter_and_search()
    {
        var board = RenderBoard([Row(1, "a", 2m)], LeaderboardState.From("subsidyToRevenue", "desc", "only", "chutes", "alpha"));

        string Link(string header) => Header(board, header).QuerySelector("a")!.GetAttribute("href")!;
        Assert.Equal("/?sort=subsidyToRevenue&dir=asc&side=alpha&revenue=only&q=chutes", Link("Subsidy ÷ revenue"));
        Assert.Equal("/?sort=priceToSales&dir=desc&side=alpha&revenue=only&q=chutes", Link("P/S"));
        Assert.Equal("/?sort=netuid&dir=asc&side=alpha&revenue=only&q=chutes", Link("Netuid"));
        Assert.Equal("/?sort=name&dir=asc&side=alpha&revenue=only&q=chutes", Link("Subnet"));
    }

    [Fact]
    public void Tao_side_links_leave_the_default_side_out()
    {
        var board = RenderBoard([Row(1, "a")], LeaderboardState.From("subsidy", "desc", null, "a b", "tao"));

        Assert.Equal("/?sort=subsidy&dir=asc&q=a%20b", Header(board, "Subsidy, USD per year").QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("/api/v1/subnets?format=csv&window=30", board.FindAll("form a").Single(a => a.TextContent == "CSV").GetAttribute("href"));
        Assert.EndsWith("subsidy TAO side", board.Find("caption").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_filter_form_carries_sort_direction_side_search_and_revenue_filter()
    {
        var board = RenderBoard([Row(1, "a")], LeaderboardState.From("priceToSales", "asc", "only", "templar", "alpha"));

        var form = board.Find("form");
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("priceToSales", form.QuerySelector("input[name=sort]")!.GetAttribute("value"));
        Assert.Equal("asc", form.QuerySelector("input[name=dir]")!.GetAttribute("value"));
        Assert.Equal("templar", form.QuerySelector("input[name=q]")!.GetAttribute("value"));
        Assert.True(form.QuerySelector("input[name=revenue][value=only]")!.HasAttribute("checked"));
        Assert.Equal(["alpha"], form.QuerySelectorAll("select[name=side] option[selected]").Select(o => o.GetAttribute("value")));
        Assert.Equal("Subsidy side", form.QuerySelector("select[name=side]")!.ParentElement!.FirstChild!.TextContent.Trim());
        Assert.Equal("/api/v1/subnets?format=csv&window=30&side=alpha", form.QuerySelectorAll("a").Single(a => a.TextContent == "CSV").GetAttribute("href"));
        Assert.EndsWith("subsidy alpha side", board.Find("caption").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Revenue_only_keeps_subnets_with_revenue_or_a_stale_revenue_entry()
    {
        SubnetRow[] rows = [WithRevenue(Row(1, "a"), 2_400_000m), Row(2, "b"), WithRevenue(Row(3, "c"), 0m, stale: true)];

        var board = RenderBoard(rows, LeaderboardState.From("netuid", "asc", "only", null));

        Assert.Equal([1, 3], Netuids(board));
        Assert.Equal("2 of 3 subnets as of 2025-10-27 (UTC), subsidy TAO side", board.Find("caption").TextContent);
    }

    [Theory]
    [InlineData("CHU", new[] { 64 })]
    [InlineData("64", new[] { 64 })]
    [InlineData("6", new[] { 6 })]
    [InlineData("  templar ", new[] { 3 })]
    public void Search_matches_names_case_insensitively_and_netuids_exactly(string q, int[] expected)
    {
        SubnetRow[] rows = [Row(3, "Templar"), Row(6, "six"), Row(64, "Chutes"), Row(164, "other")];

        Assert.Equal(expected, Netuids(RenderBoard(rows, LeaderboardState.From("netuid", "asc", null, q))));
    }

    [Fact]
    public void Search_is_capped_at_64_characters_without_splitting_an_emoji()
    {
        var state = LeaderboardState.From(null, null, null, new string('x', 100));
        var board = RenderBoard([Row(1, "a")], state);

        Assert.Equal(64, LeaderboardState.MaxSearchLength);
        Assert.Equal(new string('x', 64), board.Find("input[name=q]").GetAttribute("value"));
        Assert.Equal("64", board.Find("input[name=q]").GetAttribute("maxlength"));
        // 63 letters and a rocket: the 64th char is half the rocket, so the cap drops the whole emoji.
        Assert.Equal(new string('x', 63), LeaderboardState.From(null, null, null, new string('x', 63) + "🚀").Search);
    }

    [Fact]
    public void Missing_figures_are_a_dash_with_the_reason_on_hover_and_for_screen_readers()
    {
        var row = Row(7, "a") with { AnnualisedSubsidyUsd = new Figure(null, null, null, "noPrice") };

        var cells = RenderBoard([row], LeaderboardState.From(null, null, null, null)).FindAll("tbody td");

        Assert.Equal("100.00", cells[2].TextContent);
        var missing = cells[3].QuerySelector("span.na")!;
        Assert.Equal("n/a: no price for that day", missing.GetAttribute("title"));
        Assert.Equal("—", missing.ChildNodes[0].TextContent);
        Assert.Equal(" n/a: no price for that day", missing.QuerySelector("span.visually-hidden")!.TextContent);
        Assert.Equal("n/a: no revenue data", cells[4].QuerySelector("span.na")!.GetAttribute("title"));
        Assert.Equal("n/a: no revenue data", cells[5].QuerySelector("span.na")!.GetAttribute("title"));
        Assert.DoesNotContain("n/a (", cells[5].TextContent, StringComparison.Ordinal);
        Assert.Equal("$5,000,000", cells[7].TextContent);
        Assert.Equal("n/a", cells[8].TextContent);
    }

    [Fact]
    public void Ranges_render_after_the_base_value_in_brackets()
    {
        var row = Row(1, "a") with
        {
            AnnualisedSubsidyUsd = new Figure(1_000_000m, 1_500_000m, 2_000_000m, null),
            SubsidyToRevenue = new Figure(12.34m, 24.68m, 37.02m, null),
        };

        var cells = RenderBoard([row], LeaderboardState.From(null, null, null, null)).FindAll("tbody td");

        Assert.Equal("$1,500,000 ($1,000,000–$2,000,000)", cells[3].TextContent);
        Assert.Equal("24.7x (12.3x–37.0x)", cells[5].TextContent);
        Assert.Equal(" ($1,000,000–$2,000,000)", cells[3].QuerySelector(".range")!.TextContent);
        // A point figure has no range.
        Assert.Null(cells[7].QuerySelector(".range"));
    }

    [Fact]
    public void Rows_show_revenue_date_source_stale_and_reference_badges_and_link_to_the_subnet()
    {
        SubnetRow[] rows =
        [
            WithRevenue(Row(1, "Templar"), 2_400_000m) with { Symbol = "γ" },
            WithRevenue(Row(2, null), 0m, stale: true) with { IsReferenceData = true },
        ];

        var trs = RenderBoard(rows, LeaderboardState.From("netuid", "asc", null, null)).FindAll("tbody tr");

        Assert.Equal("/subnets/1", trs[0].QuerySelector("td.name a")!.GetAttribute("href"));
        Assert.Equal("Templar", trs[0].QuerySelector("td.name a")!.TextContent);
        Assert.Equal("γ", trs[0].QuerySelector("td.name .symbol")!.TextContent);
        Assert.Equal("2026-03-01 · ThirdParty", trs[0].Children[8].TextContent);
        Assert.Null(trs[0].QuerySelector(".badge"));
        Assert.Equal("live", trs[0].Children[9].TextContent);
        Assert.Equal("(unnamed)", trs[1].QuerySelector("td.name a")!.TextContent);
        Assert.Equal("stale", trs[1].Children[8].QuerySelector(".badge.stale")!.TextContent);
        Assert.Equal("reference", trs[1].Children[9].QuerySelector(".badge")!.TextContent);
        Assert.All(trs[0].Children.Take(8).Where((_, i) => i != 1), td => Assert.Equal("num", td.ClassName));
    }

    [Theory]
    [InlineData("Chutes 🚀 <script>alert(1)</script>\u202E")]
    [InlineData("<img src=x onerror=alert(1)>")]
    public void Hostile_names_render_as_text_and_create_no_elements(string name)
    {
        var board = RenderBoard([Row(64, name) with { Symbol = "<b>α</b>" }], LeaderboardState.From(null, null, null, null));

        Assert.Empty(board.FindAll("script"));
        Assert.Empty(board.FindAll("img"));
        Assert.Empty(board.FindAll("b"));
        Assert.Equal(name, board.Find("td.name a").TextContent);
        Assert.Equal("<b>α</b>", board.Find("td.name .symbol").TextContent);
    }
}
