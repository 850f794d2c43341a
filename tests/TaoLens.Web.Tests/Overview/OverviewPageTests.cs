using Microsoft.Extensions.Time.Testing;
using TaoLens.Core.Valuation;
using TaoLens.Web.Features.Overview;
using TaoLens.Web.Features.Subnets;
using TaoLens.Web.Features.Valuation;
using TaoLens.Web.Tests.Infrastructure;

namespace TaoLens.Web.Tests.Overview;

public sealed class OverviewPageTests
{
    private static readonly Figure Missing = new(null, null, null, "noRevenueData");

    private static SubnetRow Row(int netuid, string name, decimal? subsidy, decimal? revenue = null) => new(
        netuid, name, null, false, new Figure(1, 1, 1, null),
        subsidy is { } s ? new Figure(s, s, s, null) : new Figure(null, null, null, "noPrice"),
        revenue is { } r ? new Figure(r, r, r, null) : Missing,
        revenue is null ? null : new DateOnly(2026, 3, 1), revenue is null ? null : "ThirdParty", false, Missing, Missing, Missing);

    [Fact]
    public void Sorting_puts_missing_figures_last_in_either_direction()
    {
        var rows = new[] { Row(1, "a", 10), Row(2, "b", null), Row(3, "c", 30) };

        Assert.Equal([3, 1, 2], LeaderboardState.From("subsidy", "desc", null, null).Apply(rows).Select(r => r.Netuid));
        Assert.Equal([1, 3, 2], LeaderboardState.From("subsidy", "asc", null, null).Apply(rows).Select(r => r.Netuid));
    }

    [Fact]
    public void Filters_keep_subnets_with_revenue_and_match_names_or_netuids()
    {
        var rows = new[] { Row(1, "Templar", 10, revenue: 2_400_000), Row(2, "Chutes", 20), Row(64, "other", 5) };

        Assert.Equal([1], LeaderboardState.From(null, null, "only", null).Apply(rows).Select(r => r.Netuid));
        Assert.Equal([2], LeaderboardState.From(null, null, null, "chu").Apply(rows).Select(r => r.Netuid));
        Assert.Equal([64], LeaderboardState.From(null, null, null, "64").Apply(rows).Select(r => r.Netuid));
    }

    [Fact]
    public void Unknown_sort_keys_fall_back_and_links_carry_the_whole_state()
    {
        var state = LeaderboardState.From("drop table", "asc", "only", "a b");

        Assert.Equal("taoPerDay", state.Sort);
        Assert.Equal("/?sort=subsidy&dir=desc&revenue=only&q=a%20b", state.SortLink("subsidy"));
        Assert.Equal("/?sort=taoPerDay&dir=desc&revenue=only&q=a%20b", state.SortLink("taoPerDay"));
        Assert.Equal("ascending", state.AriaSort("taoPerDay"));
        Assert.Equal("none", state.AriaSort("subsidy"));
        Assert.Equal(SubsidySide.TaoSide, LeaderboardState.From(null, null, null, null, "sideways").Side);
        Assert.Equal("/?sort=subsidy&dir=desc&side=alpha&revenue=only&q=a%20b", (state with { Side = SubsidySide.AlphaSide }).SortLink("subsidy"));
    }

    [Fact]
    public async Task The_page_reproduces_a_view_from_its_url()
    {
        // A clock that stands still: the reference load and the page read the same instant, however slow the machine.
        await using var app = await TaoLensAppFactory.StartAsync(referenceData: true, new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero)));

        var html = await app.CreateClient().GetStringAsync(new Uri("/?sort=netuid&dir=asc&q=chutes", UriKind.Relative));

        Assert.Contains("1 of 129 subnets", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\" class=\"num\" aria-sort=\"ascending\"><a href=\"/?sort=netuid&amp;dir=desc&amp;q=chutes\">Netuid</a></th>", html, StringComparison.Ordinal);
        Assert.Contains("Network as of 2025-10-27", html, StringComparison.Ordinal);
        Assert.Contains("$404.28", html, StringComparison.Ordinal);
        Assert.Contains("n/a (no revenue data)", html, StringComparison.Ordinal);
        // Every source's freshness: the reference load just ran; the live sources are switched off in tests.
        Assert.Contains("reference: updated 0 min ago", html, StringComparison.Ordinal);
        Assert.Contains("chutes: off (Sources:Chutes:Enabled is false)", html, StringComparison.Ordinal);
    }
}
