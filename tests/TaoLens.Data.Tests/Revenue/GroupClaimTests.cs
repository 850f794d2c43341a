using Microsoft.EntityFrameworkCore;
using Npgsql;
using TaoLens.Core.Valuation;
using TaoLens.Data.Revenue;
using TaoLens.Data.Subnets;
using TaoLens.Testing;

namespace TaoLens.Data.Tests.Revenue;

public sealed class GroupClaimTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset AsOf = new(2025, 10, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_group_claim_is_stored_with_the_subnets_it_covers_and_read_back_as_a_group()
    {
        await SeedSubnetsAsync();
        await using (var db = fixture.CreateDbContext())
        {
            db.RevenueEntries.Add(Entry("Chutes + Targon + Lium", netuid: null, covers: [4, 51, 64]));
            await db.SaveChangesAsync();
        }

        await using var read = fixture.CreateDbContext();
        var input = await TaoLens.Data.Valuation.ValuationInputs.LoadAsync(read, DateOnly.FromDateTime(AsOf.UtcDateTime), DateOnly.FromDateTime(AsOf.UtcDateTime), ValuationOptions.Default);
        var group = Assert.Single(input.RevenueEntries, e => e.CoversNetuids.Count > 0);

        Assert.Equal([4, 51, 64], group.CoversNetuids);
        Assert.True(group.IsGroupClaim);
        Assert.Equal("source", group.SourceName);
    }

    [Theory]
    [InlineData(3, new[] { 4, 51 })]
    [InlineData(null, new[] { 4 })]
    [InlineData(null, new int[0])]
    public async Task A_row_is_a_subnet_claim_a_group_of_two_or_more_or_a_network_claim_and_nothing_else(int? netuid, int[] covers)
    {
        await SeedSubnetsAsync();
        await using var db = fixture.CreateDbContext();
        db.RevenueEntries.Add(Entry($"bad {netuid} {covers.Length}", netuid, covers));

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Equal("ck_revenue_entries_subject", Assert.IsType<PostgresException>(error.InnerException).ConstraintName);
    }

    private static RevenueEntry Entry(string subject, int? netuid, int[]? covers) => new()
    {
        Netuid = netuid, CoversNetuids = covers, Subject = subject, Kind = RevenueEntryKind.RunRate, AsOf = AsOf, AmountUsd = 20_000_000m,
        SourceName = "source", SourceKind = RevenueSourceType.ThirdParty, EnteredBy = "test", EnteredAt = AsOf,
    };

    private async Task SeedSubnetsAsync()
    {
        await using var db = fixture.CreateDbContext();
        foreach (var netuid in new[] { 3, 4, 51, 64 })
        {
            if (!await db.Subnets.AnyAsync(s => s.Netuid == netuid))
            {
                db.Subnets.Add(new Subnet { Netuid = netuid, FirstSeenAt = AsOf, LastSeenAt = AsOf });
            }
        }

        await db.SaveChangesAsync();
    }
}
