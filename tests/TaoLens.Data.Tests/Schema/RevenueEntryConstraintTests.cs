using Microsoft.EntityFrameworkCore;
using Npgsql;
using TaoLens.Core.Valuation;
using TaoLens.Data.Revenue;
using TaoLens.Data.Subnets;
using TaoLens.Testing;

namespace TaoLens.Data.Tests.Schema;

public sealed class RevenueEntryConstraintTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static RevenueEntry Realised(string subject, DateTimeOffset start, DateTimeOffset end) => new()
    {
        Netuid = 1, Subject = subject, Kind = RevenueEntryKind.Realised, PeriodStart = start, PeriodEnd = end, AmountUsd = 1_000m,
        SourceName = "report", SourceKind = RevenueSourceType.SelfReported, EnteredBy = "test", EnteredAt = Midnight,
    };

    [Theory]
    [InlineData(10, 11)]
    [InlineData(0, 36)]
    [InlineData(12, 24)]
    public async Task A_realised_period_that_is_not_whole_utc_days_is_rejected_by_the_database(int startHour, int endHour)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        db.Subnets.Add(new Subnet { Netuid = 1, FirstSeenAt = Midnight, LastSeenAt = Midnight });
        db.RevenueEntries.Add(Realised("one whole day", Midnight, Midnight.AddDays(1)));
        await db.SaveChangesAsync();

        db.RevenueEntries.Add(Realised("part of a day", Midnight.AddHours(startHour), Midnight.AddHours(endHour)));
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.Equal("ck_revenue_entries_period", Assert.IsType<PostgresException>(error.InnerException).ConstraintName);
    }
}
