using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;
using TaoLens.Testing;

namespace TaoLens.Data.Tests.Snapshots;

public sealed class SnapshotWriterTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Writing_the_same_rows_twice_changes_nothing_and_a_changed_value_is_updated()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedSubnetsAsync(database, 1, 2);
        var rows = new[] { Row(1, s_t0, 1_000), Row(2, s_t0, 2_000), Row(1, s_t0.AddMinutes(10), 1_500) };

        Assert.Equal(3, await WriteInTransactionAsync(database, rows));
        Assert.Equal(0, await WriteInTransactionAsync(database, rows));
        Assert.Equal(1, await WriteInTransactionAsync(database, [Row(2, s_t0, 2_500)]));

        await using var db = database.CreateDbContext();
        Assert.Equal(3, await db.SubnetSnapshots.CountAsync());
        Assert.Equal(2_500, (await db.SubnetSnapshots.SingleAsync(s => s.Netuid == 2)).TaoInEmissionRao);
    }

    [Fact]
    public async Task Every_column_round_trips_including_a_u128_volume()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedSubnetsAsync(database, 64);
        var volume = BigInteger.Parse("340282366920938463463374607431768211455", System.Globalization.CultureInfo.InvariantCulture);
        var row = new SubnetSnapshot
        {
            Netuid = 64, ObservedAt = s_t0, Source = SnapshotSources.Chain, BlockNumber = 6_812_152, TaoInEmissionRao = 81_209_839, ExcessTaoRao = 5,
            AlphaOutEmissionRao = 1_000_000_000, AlphaInEmissionRao = 400_000_000, AlphaInPoolRao = 14_723_086_336_554, AlphaOutstandingRao = 6_035_890_271_491_007,
            TaoInPoolRao = 6_035_892_206_947_246, AlphaPriceTao = 0.123456789012345678m, MovingPriceTao = 0.5m, CumulativeVolumeRao = volume,
        };
        await WriteInTransactionAsync(database, [row]);

        await using var db = database.CreateDbContext();
        var stored = await db.SubnetSnapshots.AsNoTracking().SingleAsync();
        Assert.Equivalent(row, stored);
    }

    [Fact]
    public async Task A_rolled_back_transaction_leaves_nothing_behind()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedSubnetsAsync(database, 1);
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await SnapshotWriter.WriteAsync(connection, [Row(1, s_t0, 1)]);
            await transaction.RollbackAsync();
        }

        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.SubnetSnapshots.CountAsync());
    }

    private static SubnetSnapshot Row(int netuid, DateTimeOffset at, long taoIn) =>
        new() { Netuid = netuid, ObservedAt = at, Source = SnapshotSources.Chain, TaoInEmissionRao = taoIn };

    private static async Task<int> WriteInTransactionAsync(TestDatabase database, IEnumerable<SubnetSnapshot> rows)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var written = await SnapshotWriter.WriteAsync(connection, rows);
        await transaction.CommitAsync();
        return written;
    }

    private static async Task SeedSubnetsAsync(TestDatabase database, params int[] netuids)
    {
        await using var db = database.CreateDbContext();
        db.Subnets.AddRange(netuids.Select(n => new Subnet { Netuid = n, FirstSeenAt = s_t0, LastSeenAt = s_t0 }));
        await db.SaveChangesAsync();
    }
}
