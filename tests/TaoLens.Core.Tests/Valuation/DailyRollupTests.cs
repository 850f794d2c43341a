using TaoLens.Core.Valuation;

namespace TaoLens.Core.Tests.Valuation;

public sealed class DailyRollupTests
{
    private static readonly DateOnly D = TestData.Today;

    [Fact]
    public void Per_block_emissions_are_the_mean_of_the_days_snapshots()
    {
        var rows = DailyRollup.Subnets(
        [
            new SubnetSnapshotInput(3, TestData.At(D, 1), "chain") { TaoInEmissionRao = 10_000_000, AlphaOutEmissionRao = 1_000_000_000 },
            new SubnetSnapshotInput(3, TestData.At(D, 9), "chain") { TaoInEmissionRao = 20_000_000, AlphaOutEmissionRao = 1_000_000_000 },
            new SubnetSnapshotInput(3, TestData.At(D, 17), "taostats") { TaoInEmissionRao = 30_000_000 },
        ]);

        var day = Assert.Single(rows);
        Assert.Equal(20_000_000m, day.TaoInEmissionRao);
        Assert.Equal(1_000_000_000m, day.AlphaOutEmissionRao);
        Assert.Equal(3, day.SnapshotCount);
    }

    [Fact]
    public void Prices_and_pool_sizes_are_the_days_last_known_values()
    {
        var rows = DailyRollup.Subnets(
        [
            new SubnetSnapshotInput(3, TestData.At(D, 1), "chain") { AlphaPriceTao = 0.01m, AlphaInPoolRao = 5, AlphaOutstandingRao = 7 },
            new SubnetSnapshotInput(3, TestData.At(D, 9), "chain") { AlphaPriceTao = 0.02m, AlphaInPoolRao = 6 },
            new SubnetSnapshotInput(3, TestData.At(D, 17), "chain") { TaoInEmissionRao = 1 },
        ]);

        var day = Assert.Single(rows);
        Assert.Equal(0.02m, day.AlphaPriceTao);
        Assert.Equal(6, day.AlphaInPoolRao);
        Assert.Equal(7, day.AlphaOutstandingRao);
    }

    [Fact]
    public void Excess_tao_is_null_when_no_snapshot_of_the_day_had_it()
    {
        var day = Assert.Single(DailyRollup.Subnets([new SubnetSnapshotInput(3, TestData.At(D, 1), "chain") { TaoInEmissionRao = 1 }]));

        Assert.Null(day.ExcessTaoRao);
    }

    [Fact]
    public void Means_are_carried_to_nine_decimal_places()
    {
        var day = Assert.Single(DailyRollup.Subnets(
        [
            new SubnetSnapshotInput(3, TestData.At(D, 1), "chain") { TaoInEmissionRao = 1 },
            new SubnetSnapshotInput(3, TestData.At(D, 2), "chain") { TaoInEmissionRao = 0 },
            new SubnetSnapshotInput(3, TestData.At(D, 3), "chain") { TaoInEmissionRao = 0 },
        ]));

        Assert.Equal(0.333333333m, day.TaoInEmissionRao);
    }

    [Fact]
    public void Days_are_utc_calendar_days()
    {
        // 01:00 at +02:00 is 23:00 UTC the day before.
        var rows = DailyRollup.Subnets(
        [
            new SubnetSnapshotInput(3, new DateTimeOffset(D.ToDateTime(new TimeOnly(1, 0)), TimeSpan.FromHours(2)), "chain") { TaoInEmissionRao = 1 },
            new SubnetSnapshotInput(3, TestData.At(D, 12), "chain") { TaoInEmissionRao = 2 },
        ]);

        Assert.Equal([D.AddDays(-1), D], rows.Select(r => r.Day));
    }

    [Fact]
    public void A_day_without_snapshots_has_no_row()
    {
        var rows = DailyRollup.Subnets(
        [
            new SubnetSnapshotInput(3, TestData.At(D.AddDays(-2), 12), "chain") { TaoInEmissionRao = 1 },
            new SubnetSnapshotInput(3, TestData.At(D, 12), "chain") { TaoInEmissionRao = 1 },
        ]);

        Assert.Equal([D.AddDays(-2), D], rows.Select(r => r.Day));
    }

    [Fact]
    public void The_same_snapshot_twice_is_an_error()
    {
        var snapshot = new SubnetSnapshotInput(3, TestData.At(D, 1), "chain") { TaoInEmissionRao = 1 };

        Assert.Throws<ArgumentException>(() => DailyRollup.Subnets([snapshot, snapshot with { TaoInEmissionRao = 2 }]));
    }

    [Fact]
    public void The_tao_price_of_a_day_is_its_last_market_snapshot()
    {
        var rows = DailyRollup.Market(
        [
            new TaoMarketSnapshotInput(TestData.At(D, 20), "coingecko", 410m) { CirculatingSupply = 11_000_000m },
            new TaoMarketSnapshotInput(TestData.At(D, 8), "coingecko", 390m) { MarketCapUsd = 4_000_000_000m },
        ]);

        var day = Assert.Single(rows);
        Assert.Equal(410m, day.PriceUsd);
        Assert.Equal(4_000_000_000m, day.MarketCapUsd);
        Assert.Equal(11_000_000m, day.CirculatingSupply);
    }
}
