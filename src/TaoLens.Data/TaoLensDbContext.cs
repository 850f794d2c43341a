using Microsoft.EntityFrameworkCore;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;
using TaoLens.Data.Ingestion;
using TaoLens.Data.Revenue;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;

namespace TaoLens.Data;

/// <summary>
/// The one database context. Add a migration with
/// <c>dotnet ef migrations add Name --project src/TaoLens.Data</c>.
/// </summary>
public sealed class TaoLensDbContext(DbContextOptions<TaoLensDbContext> options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    public DbSet<Subnet> Subnets => Set<Subnet>();
    public DbSet<SubnetSnapshot> SubnetSnapshots => Set<SubnetSnapshot>();
    public DbSet<TaoMarketSnapshot> TaoMarketSnapshots => Set<TaoMarketSnapshot>();
    public DbSet<SubnetDayRow> SubnetDayRows => Set<SubnetDayRow>();
    public DbSet<MarketDayRow> MarketDayRows => Set<MarketDayRow>();
    public DbSet<RevenueEntry> RevenueEntries => Set<RevenueEntry>();
    public DbSet<DailyRevenue> DailyRevenues => Set<DailyRevenue>();
    public DbSet<IngestionRun> IngestionRuns => Set<IngestionRun>();

    /// <summary>The provider settings every caller (host, tests, design time) shares.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, NpgsqlDataSource dataSource) =>
        builder.UseNpgsql(dataSource, Npgsql).UseSnakeCaseNamingConvention();

    /// <summary>The same settings over a plain connection string (design time and tests).</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, Npgsql).UseSnakeCaseNamingConvention();

    private static void Npgsql(NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.MigrationsHistoryTable(MigrationsHistoryTable);

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TaoLensDbContext).Assembly);
}
