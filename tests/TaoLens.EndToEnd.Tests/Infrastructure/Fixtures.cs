using TaoLens.Core.Valuation;
using TaoLens.Data.Revenue;

namespace TaoLens.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Every browser test shares one Chromium and one app over the reference data, and so runs in sequence: the machine has two cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserSuite : ICollectionFixture<ChromiumFixture>, ICollectionFixture<ReferenceAppFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// The app on a database holding the offline reference data (129 subnets, latest day 2025-10-27) plus three run-rates:
/// the reference revenue is dated after its emissions, so without them no subnet has a subsidy ÷ revenue to sort or draw.
/// </summary>
public sealed class ReferenceAppFixture : IAsyncLifetime
{
    private KestrelAppFactory? _app;

    public KestrelAppFactory App => _app ?? throw new InvalidOperationException("The app has not been started.");

    public async Task InitializeAsync()
    {
        _app = await KestrelAppFactory.StartAsync(referenceData: true);
        // Added once the reference data is in (it loads only into an empty database); a write refreshes the app's valuations.
        await using (var db = _app.Database.CreateDbContext())
        {
            db.RevenueEntries.AddRange(RunRate(3, "Templar", 2_400_000m), RunRate(4, "Targon", 30_000_000m), RunRate(64, "Chutes", 12_000_000m));
            await db.SaveChangesAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static RevenueEntry RunRate(int netuid, string subject, decimal usdPerYear)
    {
        var asOf = new DateTimeOffset(2025, 10, 1, 0, 0, 0, TimeSpan.Zero);
        return new RevenueEntry
        {
            Netuid = netuid, Subject = subject, Kind = RevenueEntryKind.RunRate, AsOf = asOf, AmountUsd = usdPerYear,
            SourceName = "End-to-end test", SourceKind = RevenueSourceType.ThirdParty, EnteredBy = "e2e", EnteredAt = asOf,
        };
    }
}
