using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TaoLens.Core.Valuation;
using TaoLens.Data;
using TaoLens.Data.Revenue;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;

namespace TaoLens.Benchmarks.Seeding;

/// <summary>
/// Fills a database with a deterministic synthetic history for the HTTP benchmarks: 10-minute snapshots for every
/// subnet (129 × 365 days × 144 = 6,780,960 rows by default) through the product's own <see cref="SnapshotWriter"/>,
/// 10-minute TAO market rows, a revenue ledger for about half the subnets and daily Chutes-style feeds for three.
/// Usage: <c>seed --connection "Host=…" [--days 365] [--subnets 129] [--end 2026-11-01]</c> (end is exclusive).
/// </summary>
public static class Seeder
{
    public const int Seed = 20_261_124;
    private const int SamplesPerDay = 144;
    private const int DaysPerTransaction = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        string? connection = null;
        var days = 365;
        var subnets = 129;
        var end = new DateOnly(2026, 11, 1);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--connection": connection = args[i + 1]; break;
                case "--days": days = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--subnets": subnets = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--end": end = DateOnly.ParseExact(args[i + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        if (connection is null)
        {
            await Console.Error.WriteLineAsync("usage: seed --connection \"Host=…;Database=…\" [--days 365] [--subnets 129] [--end YYYY-MM-DD]");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var options = new DbContextOptionsBuilder<TaoLensDbContext>();
        TaoLensDbContext.Configure(options, connection);
        await using (var db = new TaoLensDbContext(options.Options))
        {
            await db.Database.MigrateAsync();
            if (await db.Subnets.AnyAsync())
            {
                await Console.Error.WriteLineAsync("The database already has subnets; seed an empty database.");
                return 1;
            }

            await SeedSubnetsAndRevenueAsync(db, subnets, end);
        }

        var start = end.AddDays(-days);
        var generator = new SnapshotGenerator(subnets, start);
        await using var npgsql = new NpgsqlConnection(connection);
        await npgsql.OpenAsync();
        long written = 0;
        for (var day = start; day < end; day = day.AddDays(DaysPerTransaction))
        {
            var last = day.AddDays(DaysPerTransaction) < end ? day.AddDays(DaysPerTransaction) : end;
            await using var transaction = await npgsql.BeginTransactionAsync();
            written += await SnapshotWriter.WriteAsync(npgsql, generator.Snapshots(day, last));
            await MarketSnapshotWriter.WriteAsync(npgsql, [.. generator.Market(day, last)]);
            await transaction.CommitAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{last:yyyy-MM-dd}: {written:N0} snapshots, {clock.Elapsed.TotalSeconds:F0} s"));
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE", npgsql))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Seeded {written:N0} snapshots for {subnets} subnets over {days} days in {clock.Elapsed.TotalSeconds:F0} s."));
        return 0;
    }

    private static async Task SeedSubnetsAndRevenueAsync(TaoLensDbContext db, int subnets, DateOnly end)
    {
        var random = new Random(Seed);
        var now = new DateTimeOffset(end.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        for (var netuid = 0; netuid < subnets; netuid++)
        {
            // One hostile identity, as a chain owner could set it, so the benchmarked pages render the worst case.
            var name = netuid == 64 ? "Chutes 🚀 <script>alert(1)</script>" : $"Synthetic subnet {netuid}";
            db.Subnets.Add(new Subnet { Netuid = netuid, Name = name, Symbol = "α", FirstSeenAt = now.AddYears(-2), LastSeenAt = now });
        }

        await db.SaveChangesAsync();

        for (var netuid = 1; netuid < subnets; netuid++)
        {
            if (random.Next(2) == 0)
            {
                continue;
            }

            var asOf = now.AddDays(-random.Next(200));
            var amount = 10_000m * (1 + random.Next(500));
            var ranged = random.Next(3) == 0;
            db.RevenueEntries.Add(new RevenueEntry
            {
                Netuid = netuid,
                Subject = $"SN{netuid} revenue",
                Kind = RevenueEntryKind.RunRate,
                AsOf = asOf,
                AmountUsd = ranged ? null : amount * 4m,
                LowUsd = ranged ? amount * 2m : null,
                HighUsd = ranged ? amount * 6m : null,
                SourceName = "Synthetic benchmark ledger",
                SourceKind = RevenueSourceType.SelfReported,
                EnteredBy = "seed",
                EnteredAt = now,
            });
        }

        db.RevenueEntries.Add(new RevenueEntry
        {
            Subject = "Network-wide claim",
            Kind = RevenueEntryKind.RunRate,
            AsOf = now.AddDays(-60),
            LowUsd = 20_000_000m,
            HighUsd = 50_000_000m,
            SourceName = "Synthetic benchmark ledger",
            SourceKind = RevenueSourceType.AnalystEstimate,
            EnteredBy = "seed",
            EnteredAt = now,
        });
        await db.SaveChangesAsync();

        var feeds = new List<DailyRevenue>();
        foreach (var netuid in new[] { 3, 4, 64 }.Where(n => n < subnets))
        {
            for (var d = 1; d <= 400; d++)
            {
                var day = now.AddDays(-d);
                feeds.Add(new DailyRevenue { Netuid = netuid, Day = day, Component = RevenueComponents.ChutesSubscriber, Source = "chutes", AmountUsd = decimal.Round((decimal)random.NextDouble() * 5_000m, 2), CountsAsExternal = true });
                feeds.Add(new DailyRevenue { Netuid = netuid, Day = day, Component = RevenueComponents.ChutesPayAsYouGo, Source = "chutes", AmountUsd = decimal.Round((decimal)random.NextDouble() * 20_000m, 2), CountsAsExternal = true });
                feeds.Add(new DailyRevenue { Netuid = netuid, Day = day, Component = RevenueComponents.ChutesSponsoredInference, Source = "chutes", AmountUsd = decimal.Round((decimal)random.NextDouble() * 8_000m, 2), CountsAsExternal = false });
            }
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await DailyRevenueWriter.WriteAsync(connection, feeds);
        await connection.CloseAsync();
    }
}
