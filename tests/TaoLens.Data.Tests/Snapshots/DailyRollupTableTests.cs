using Microsoft.EntityFrameworkCore;
using Npgsql;
using TaoLens.Core.Valuation;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;
using TaoLens.Data.Valuation;
using TaoLens.Testing;

namespace TaoLens.Data.Tests.Snapshots;

/// <summary>
/// The database's daily rollups (<c>subnet_days</c>, <c>market_days</c>, kept by triggers) against the engine's own
/// <see cref="DailyRollup"/> over the same rows: they must agree whatever wrote, rewrote or deleted the snapshots.
/// </summary>
public sealed class DailyRollupTableTests
{
    private static readonly DateTimeOffset s_day0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] s_sources = ["chain", "taostats", "Zed", "coingecko"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Rollup_tables_equal_the_engine_rollup_after_inserts_rewrites_and_deletes(int seed)
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedSubnetsAsync(database, 1, 2, 3);
        var random = new Random(seed);
        var stored = new Dictionary<(int, DateTimeOffset, string), SubnetSnapshot>();
        var market = new Dictionary<(DateTimeOffset, string), TaoMarketSnapshot>();

        for (var batch = 0; batch < 6; batch++)
        {
            var rows = Enumerable.Range(0, 40).Select(_ => RandomSnapshot(random)).DistinctBy(Key).ToList();
            var prices = Enumerable.Range(0, 10).Select(_ => RandomMarket(random)).DistinctBy(m => (m.ObservedAt, m.Source)).ToList();
            await using (var connection = new NpgsqlConnection(database.ConnectionString))
            {
                await connection.OpenAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await SnapshotWriter.WriteAsync(connection, rows);
                await MarketSnapshotWriter.WriteAsync(connection, prices);
                await transaction.CommitAsync();
            }

            rows.ForEach(r => stored[Key(r)] = r);
            prices.ForEach(p => market[(p.ObservedAt, p.Source)] = p);

            // EF deletes a few rows too: a day can shrink, or vanish when its last row goes.
            await using var db = database.CreateDbContext();
            foreach (var victim in stored.Values.OrderBy(_ => random.Next()).Take(5).ToList())
            {
                stored.Remove(Key(victim));
                await db.SubnetSnapshots.Where(s => s.Netuid == victim.Netuid && s.ObservedAt == victim.ObservedAt && s.Source == victim.Source).ExecuteDeleteAsync();
            }

            var marketVictim = market.Values.OrderBy(_ => random.Next()).First();
            market.Remove((marketVictim.ObservedAt, marketVictim.Source));
            await db.TaoMarketSnapshots.Where(m => m.ObservedAt == marketVictim.ObservedAt && m.Source == marketVictim.Source).ExecuteDeleteAsync();
        }

        var expectedDays = DailyRollup.Subnets(stored.Values.Select(ToInput));
        var expectedMarket = DailyRollup.Market(market.Values.Select(ToInput));
        var input = await LoadAllAsync(database);

        Assert.Equal(expectedDays, input.SubnetDays);
        Assert.Equal(expectedMarket, input.MarketDays);
    }

    [Fact]
    public async Task A_day_is_the_utc_day_and_its_last_value_breaks_time_ties_by_source_name()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedSubnetsAsync(database, 7);
        await using (var db = database.CreateDbContext())
        {
            // 23:59:59.999999 belongs to day 0, midnight to day 1; at one instant "taostats" sorts after "chain".
            db.SubnetSnapshots.AddRange(
                new SubnetSnapshot { Netuid = 7, ObservedAt = s_day0.AddDays(1).AddTicks(-10), Source = "taostats", TaoInEmissionRao = 1, AlphaPriceTao = 0.5m },
                new SubnetSnapshot { Netuid = 7, ObservedAt = s_day0.AddDays(1).AddTicks(-10), Source = "chain", TaoInEmissionRao = 2, AlphaPriceTao = 0.25m },
                new SubnetSnapshot { Netuid = 7, ObservedAt = s_day0, Source = "chain", TaoInEmissionRao = 4 },
                new SubnetSnapshot { Netuid = 7, ObservedAt = s_day0.AddDays(1), Source = "chain", TaoInEmissionRao = 10, AlphaPriceTao = 1m });
            await db.SaveChangesAsync();
        }

        var days = (await LoadAllAsync(database)).SubnetDays;

        Assert.Equal(2, days.Count);
        Assert.Equal((DateOnly.FromDateTime(s_day0.UtcDateTime), 3, 2.333333333m, 0.5m), (days[0].Day, days[0].SnapshotCount, days[0].TaoInEmissionRao!.Value, days[0].AlphaPriceTao!.Value));
        Assert.Equal((1, 10m, 1m), (days[1].SnapshotCount, days[1].TaoInEmissionRao!.Value, days[1].AlphaPriceTao!.Value));
    }

    [Fact]
    public async Task Two_writers_on_the_same_day_at_once_both_count()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedSubnetsAsync(database, 5);
        await using var first = new NpgsqlConnection(database.ConnectionString);
        await using var second = new NpgsqlConnection(database.ConnectionString);
        await first.OpenAsync();
        await second.OpenAsync();
        await using var firstTransaction = await first.BeginTransactionAsync();
        await using var secondTransaction = await second.BeginTransactionAsync();

        await SnapshotWriter.WriteAsync(first, [Row(5, s_day0.AddHours(1), "chain", 100)]);
        // The second writer's refresh waits for the first to commit, then sees its row.
        var blocked = SnapshotWriter.WriteAsync(second, [Row(5, s_day0.AddHours(2), "taostats", 300)]);
        Assert.Equal("advisory", await WaitEventAsync(database, second.ProcessID));
        Assert.False(blocked.IsCompleted);
        await firstTransaction.CommitAsync();
        await blocked;
        await secondTransaction.CommitAsync();

        var day = Assert.Single((await LoadAllAsync(database)).SubnetDays);
        Assert.Equal((2, 200m), (day.SnapshotCount, day.TaoInEmissionRao!.Value));
    }

    [Fact]
    public async Task Truncating_snapshots_empties_the_rollups()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedSubnetsAsync(database, 5);
        await using var db = database.CreateDbContext();
        db.SubnetSnapshots.Add(Row(5, s_day0, "chain", 1));
        db.TaoMarketSnapshots.Add(new TaoMarketSnapshot { ObservedAt = s_day0, Source = "coingecko", PriceUsd = 300m });
        await db.SaveChangesAsync();
        Assert.Equal((1, 1), (await db.SubnetDayRows.CountAsync(), await db.MarketDayRows.CountAsync()));

        await db.Database.ExecuteSqlRawAsync("TRUNCATE subnet_snapshots, tao_market_snapshots");

        Assert.Equal((0, 0), (await db.SubnetDayRows.CountAsync(), await db.MarketDayRows.CountAsync()));
    }

    // What the backend is waiting on, once it waits on a lock (polled: the wait starts asynchronously).
    private static async Task<string?> WaitEventAsync(TestDatabase database, int pid)
    {
        await using var observer = new NpgsqlConnection(database.ConnectionString);
        await observer.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT wait_event FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'", observer);
        query.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pid });
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await query.ExecuteScalarAsync() is string waitEvent)
            {
                return waitEvent;
            }

            await Task.Delay(50);
        }

        return null;
    }

    private static async Task<ValuationInput> LoadAllAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var last = s_day0.AddDays(3);
        return await ValuationInputs.LoadAsync(db, DateOnly.FromDateTime(last.UtcDateTime), DateOnly.FromDateTime(last.UtcDateTime), new ValuationOptions { WindowDays = 30 });
    }

    private static SubnetSnapshot RandomSnapshot(Random random) => new()
    {
        Netuid = 1 + random.Next(3),
        // Whole hours over three days, so instants repeat across sources and batches rewrite earlier rows.
        ObservedAt = s_day0.AddHours(random.Next(72)),
        Source = s_sources[random.Next(s_sources.Length)],
        TaoInEmissionRao = Maybe(random, () => random.NextInt64(0, 9_000_000_000_000_000_000)),
        ExcessTaoRao = Maybe(random, () => random.NextInt64(0, 1_000_000)),
        AlphaOutEmissionRao = Maybe(random, () => random.NextInt64(0, 2_000_000_000)),
        AlphaInEmissionRao = Maybe(random, () => random.NextInt64(0, 2_000_000_000)),
        AlphaInPoolRao = Maybe(random, () => random.NextInt64()),
        AlphaOutstandingRao = Maybe(random, () => random.NextInt64()),
        TaoInPoolRao = Maybe(random, () => random.NextInt64()),
        AlphaPriceTao = random.Next(3) == 0 ? null : decimal.Round((decimal)random.NextDouble(), 18),
        MovingPriceTao = random.Next(3) == 0 ? null : decimal.Round((decimal)random.NextDouble(), 9),
        RegistrationBlock = Maybe(random, () => random.NextInt64(1, 3)),
    };

    private static TaoMarketSnapshot RandomMarket(Random random) => new()
    {
        ObservedAt = s_day0.AddHours(random.Next(72)),
        Source = s_sources[random.Next(s_sources.Length)],
        PriceUsd = 100m + decimal.Round((decimal)random.NextDouble() * 500m, 2),
        MarketCapUsd = random.Next(3) == 0 ? null : random.Next(1, 1_000_000) * 1_000m,
        CirculatingSupply = random.Next(3) == 0 ? null : random.Next(1, 21_000_000),
        TotalSupply = random.Next(2) == 0 ? null : 21_000_000m,
        Volume24hUsd = random.Next(2) == 0 ? null : random.Next(1, 1_000_000),
    };

    private static long? Maybe(Random random, Func<long> value) => random.Next(4) == 0 ? null : value();

    private static (int, DateTimeOffset, string) Key(SubnetSnapshot s) => (s.Netuid, s.ObservedAt, s.Source);

    private static SubnetSnapshot Row(int netuid, DateTimeOffset at, string source, long taoIn) =>
        new() { Netuid = netuid, ObservedAt = at, Source = source, TaoInEmissionRao = taoIn };

    private static SubnetSnapshotInput ToInput(SubnetSnapshot s) => new(s.Netuid, s.ObservedAt, s.Source)
    {
        TaoInEmissionRao = s.TaoInEmissionRao,
        ExcessTaoRao = s.ExcessTaoRao,
        AlphaOutEmissionRao = s.AlphaOutEmissionRao,
        AlphaInEmissionRao = s.AlphaInEmissionRao,
        AlphaInPoolRao = s.AlphaInPoolRao,
        AlphaOutstandingRao = s.AlphaOutstandingRao,
        TaoInPoolRao = s.TaoInPoolRao,
        AlphaPriceTao = s.AlphaPriceTao,
        MovingPriceTao = s.MovingPriceTao,
        RegistrationBlock = s.RegistrationBlock,
    };

    private static TaoMarketSnapshotInput ToInput(TaoMarketSnapshot m) => new(m.ObservedAt, m.Source, m.PriceUsd)
    {
        MarketCapUsd = m.MarketCapUsd,
        CirculatingSupply = m.CirculatingSupply,
        TotalSupply = m.TotalSupply,
        MaxSupply = m.MaxSupply,
        FullyDilutedValuationUsd = m.FullyDilutedValuationUsd,
        Volume24hUsd = m.Volume24hUsd,
    };

    private static async Task SeedSubnetsAsync(TestDatabase database, params int[] netuids)
    {
        await using var db = database.CreateDbContext();
        var now = s_day0;
        db.Subnets.AddRange(netuids.Select(n => new Subnet { Netuid = n, FirstSeenAt = now, LastSeenAt = now }));
        await db.SaveChangesAsync();
    }
}
