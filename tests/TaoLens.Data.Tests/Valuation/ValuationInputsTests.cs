using Microsoft.Extensions.Logging.Abstractions;
using TaoLens.Core.Valuation;
using TaoLens.Data.ReferenceData;
using TaoLens.Data.Revenue;
using TaoLens.Data.Valuation;
using TaoLens.Testing;

namespace TaoLens.Data.Tests.Valuation;

public sealed class ValuationInputsTests
{
    [Fact]
    public void Storage_and_engine_revenue_enums_list_the_same_members_in_the_same_order()
    {
        Assert.Equal(Enum.GetNames<RevenueKind>(), Enum.GetNames<RevenueEntryKind>());
        Assert.Equal(Enum.GetValues<RevenueKind>().Select(v => (int)v), Enum.GetValues<RevenueEntryKind>().Select(v => (int)v));
        Assert.Equal(Enum.GetNames<RevenueSourceKind>(), Enum.GetNames<RevenueSourceType>());
        Assert.Equal(Enum.GetValues<RevenueSourceKind>().Select(v => (int)v), Enum.GetValues<RevenueSourceType>().Select(v => (int)v));
    }

    [Fact]
    public async Task Reference_data_loads_as_engine_input_for_the_window_and_the_whole_ledger()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        await new ReferenceDataLoader(db, TimeProvider.System, NullLogger<ReferenceDataLoader>.Instance).LoadAsync();
        var asOf = new DateOnly(2025, 10, 27);

        var input = await ValuationInputs.LoadAsync(db, asOf, asOf, new ValuationOptions());

        // The 30-day window reads 2025-09-28..2025-10-27: 30 reference days, 122-125 active subnets a day.
        Assert.Equal(30, input.MarketDays.Count);
        Assert.Equal(30, input.SubnetDays.Where(d => d.Netuid == 64).Count());
        Assert.Equal(3, input.RevenueEntries.Count);
        var templar = Assert.Single(input.RevenueEntries, e => e.Netuid == 3);
        Assert.Equal((RevenueEntryKind.RunRate, RevenueSourceType.ThirdParty, 2_400_000m), (templar.Kind, templar.SourceType, templar.AmountUsd!.Value));
        Assert.Empty(input.DailyRevenue);

        var result = ValuationEngine.Compute(input, asOf, asOf);
        Assert.Equal(584.70675120m, result.Subnet(64)!.TaoSideTaoPerDay.At(asOf).Base);
    }
}
