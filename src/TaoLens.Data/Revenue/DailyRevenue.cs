using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaoLens.Data.Subnets;

namespace TaoLens.Data.Revenue;

/// <summary>
/// One component of one subnet's revenue on one UTC day, from an automated feed (e.g. Chutes' daily summary).
/// Components are kept apart; only those that count as external (user-paid) feed the multiples (docs/metrics.md).
/// </summary>
public sealed class DailyRevenue
{
    public int Netuid { get; set; }

    /// <summary>The UTC day, as its midnight instant.</summary>
    public DateTimeOffset Day { get; set; }

    public string Component { get; set; } = "";
    public string Source { get; set; } = "";
    public decimal AmountUsd { get; set; }
    public bool CountsAsExternal { get; set; }

    public Subnet? Subnet { get; set; }
}

internal sealed class DailyRevenueConfiguration : IEntityTypeConfiguration<DailyRevenue>
{
    public void Configure(EntityTypeBuilder<DailyRevenue> builder)
    {
        builder.HasKey(r => new { r.Netuid, r.Day, r.Component, r.Source });
        builder.Property(r => r.Component).HasMaxLength(64);
        builder.Property(r => r.Source).HasMaxLength(32);
        builder.Property(r => r.AmountUsd).HasPrecision(20, 6);
        builder.HasOne(r => r.Subnet).WithMany().HasForeignKey(r => r.Netuid).OnDelete(DeleteBehavior.Cascade);
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_daily_revenues_amount_non_negative", "amount_usd >= 0");
            t.HasCheckConstraint("ck_daily_revenues_day_is_midnight", "day = date_trunc('day', day, 'UTC')");
        });
    }
}
