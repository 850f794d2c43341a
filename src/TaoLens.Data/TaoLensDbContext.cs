using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;
using TaoLens.Data.Accounts;
using TaoLens.Data.Claims;
using TaoLens.Data.Digests;
using TaoLens.Data.Ingestion;
using TaoLens.Data.Revenue;
using TaoLens.Data.Snapshots;
using TaoLens.Data.Subnets;
using TaoLens.Data.Teams;
using TaoLens.Data.Views;

namespace TaoLens.Data;

/// <summary>
/// The one database context. Add a migration with
/// <c>dotnet ef migrations add Name --project src/TaoLens.Data</c>.
/// Identity's user tables (no roles: team roles live in <see cref="TeamMemberships"/>) and the Data Protection key ring
/// share it, so replicas share accounts and the keys that protect their cookies.
/// </summary>
public sealed class TaoLensDbContext(DbContextOptions<TaoLensDbContext> options)
    : IdentityUserContext<TaoLensUser, Guid>(options), IDataProtectionKeyContext
{
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    public DbSet<Subnet> Subnets => Set<Subnet>();
    public DbSet<SubnetSnapshot> SubnetSnapshots => Set<SubnetSnapshot>();
    public DbSet<TaoMarketSnapshot> TaoMarketSnapshots => Set<TaoMarketSnapshot>();
    public DbSet<SubnetDayRow> SubnetDayRows => Set<SubnetDayRow>();
    public DbSet<MarketDayRow> MarketDayRows => Set<MarketDayRow>();
    public DbSet<RevenueEntry> RevenueEntries => Set<RevenueEntry>();
    public DbSet<DailyRevenue> DailyRevenues => Set<DailyRevenue>();
    public DbSet<FigureClaim> FigureClaims => Set<FigureClaim>();
    public DbSet<IngestionRun> IngestionRuns => Set<IngestionRun>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMembership> TeamMemberships => Set<TeamMembership>();
    public DbSet<TeamInvitation> TeamInvitations => Set<TeamInvitation>();
    public DbSet<TeamAuditEntry> TeamAudit => Set<TeamAuditEntry>();
    public DbSet<SavedView> SavedViews => Set<SavedView>();
    public DbSet<SavedViewPin> SavedViewPins => Set<SavedViewPin>();
    public DbSet<ViewShareLink> ViewShareLinks => Set<ViewShareLink>();
    public DbSet<DigestSubscription> DigestSubscriptions => Set<DigestSubscription>();
    public DbSet<DigestSubscriptionView> DigestSubscriptionViews => Set<DigestSubscriptionView>();
    public DbSet<DigestDelivery> DigestDeliveries => Set<DigestDelivery>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Fixed, so the model (and so the migrations) never depend on the host's Identity options.</summary>
    protected override Version SchemaVersion => IdentitySchemaVersions.Version2;

    /// <summary>The provider settings every caller (host, tests, design time) shares.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, NpgsqlDataSource dataSource) =>
        builder.UseNpgsql(dataSource, Npgsql).UseSnakeCaseNamingConvention();

    /// <summary>The same settings over a plain connection string (design time and tests).</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, Npgsql).UseSnakeCaseNamingConvention();

    private static void Npgsql(NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.MigrationsHistoryTable(MigrationsHistoryTable);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        builder.ApplyConfigurationsFromAssembly(typeof(TaoLensDbContext).Assembly);
    }
}
