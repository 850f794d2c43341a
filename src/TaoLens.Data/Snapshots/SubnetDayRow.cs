using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TaoLens.Data.Snapshots;

/// <summary>
/// One subnet's snapshots of one UTC day, pre-aggregated by the database (<c>subnet_days</c>): sums and counts of
/// the per-block emissions (the mean is taken by <see cref="Core.Valuation.DailyRollup.Mean"/> on read) and each
/// pool or price field's last non-null value of the day, ordered by time then source. Triggers on
/// <c>subnet_snapshots</c> keep it current for every write path (migration <c>DailyRollups</c>); nothing writes it directly.
/// </summary>
public sealed class SubnetDayRow
{
    public int Netuid { get; set; }

    /// <summary>The day's UTC midnight.</summary>
    public DateTimeOffset Day { get; set; }
    public int SnapshotCount { get; set; }
    public decimal? TaoInEmissionSum { get; set; }
    public int TaoInEmissionCount { get; set; }
    public decimal? ExcessTaoSum { get; set; }
    public int ExcessTaoCount { get; set; }
    public decimal? AlphaOutEmissionSum { get; set; }
    public int AlphaOutEmissionCount { get; set; }
    public decimal? AlphaInEmissionSum { get; set; }
    public int AlphaInEmissionCount { get; set; }
    public long? AlphaInPoolRao { get; set; }
    public long? AlphaOutstandingRao { get; set; }
    public long? TaoInPoolRao { get; set; }
    public decimal? AlphaPriceTao { get; set; }
    public decimal? MovingPriceTao { get; set; }

    /// <summary>The day's last known registration block.</summary>
    public long? RegistrationBlock { get; set; }
}

internal sealed class SubnetDayRowConfiguration : IEntityTypeConfiguration<SubnetDayRow>
{
    public void Configure(EntityTypeBuilder<SubnetDayRow> builder)
    {
        builder.ToTable("subnet_days");
        builder.HasKey(d => new { d.Netuid, d.Day });
        // "Latest day with data" and "every subnet over a range" both read by day.
        builder.HasIndex(d => d.Day);
        builder.Property(d => d.AlphaPriceTao).HasPrecision(38, 18);
        builder.Property(d => d.MovingPriceTao).HasPrecision(38, 18);
    }
}
