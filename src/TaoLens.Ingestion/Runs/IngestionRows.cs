using Microsoft.EntityFrameworkCore;
using Npgsql;
using TaoLens.Data;
using TaoLens.Data.Revenue;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;

namespace TaoLens.Ingestion.Runs;

/// <summary>The rows one run fetched, written in dependency order (subnets first) inside the run's transaction.</summary>
public sealed class IngestionRows : IngestionBatch
{
    public List<Subnet> Subnets { get; init; } = [];
    public List<SubnetSnapshot> Snapshots { get; init; } = [];
    public List<TaoMarketSnapshot> Market { get; init; } = [];
    public List<DailyRevenue> Revenues { get; init; } = [];

    public override async Task<int> WriteAsync(TaoLensDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var rows = 0;
        if (Subnets.Count > 0)
        {
            rows += await SubnetWriter.UpsertAsync(connection, Subnets, cancellationToken);
        }

        if (Snapshots.Count > 0)
        {
            rows += await SnapshotWriter.WriteAsync(connection, Snapshots, cancellationToken);
        }

        if (Market.Count > 0)
        {
            rows += await MarketSnapshotWriter.WriteAsync(connection, Market, cancellationToken);
        }

        if (Revenues.Count > 0)
        {
            rows += await DailyRevenueWriter.WriteAsync(connection, Revenues, cancellationToken);
        }

        return rows;
    }
}
