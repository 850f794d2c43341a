using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TaoLens.Data.Snapshots;

/// <summary>
/// One subnet's snapshots of one UTC day, pre-aggregated by the database (<c>subnet_days</c>): sums and counts of
/// the per-block emissions (the mean is taken by <see cref="Core.Valuation.DailyRollup.Mean"/> on read) and each
/// pool or price field's last non-null value of the day, ordered by time then source. Triggers on
/// <c>subnet_snapshots</c> keep it current for every write path (migration <c>DailyRollups</c>); nothing writes it directly.
/// </summary>
public sealed class SubnetDayRollup
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
}

/// <summary>TAO's market on one UTC day (<c>market_days</c>): each field the day's last non-null value; kept by triggers on <c>tao_market_snapshots</c>.</summary>
public sealed class MarketDayRollup
{
    /// <summary>The day's UTC midnight.</summary>
    public DateTimeOffset Day { get; set; }
    public decimal PriceUsd { get; set; }
    public decimal? MarketCapUsd { get; set; }
    public decimal? CirculatingSupply { get; set; }
    public decimal? TotalSupply { get; set; }
    public decimal? MaxSupply { get; set; }
    public decimal? FullyDilutedValuationUsd { get; set; }
    public decimal? Volume24hUsd { get; set; }
}

internal sealed class SubnetDayRollupConfiguration : IEntityTypeConfiguration<SubnetDayRollup>
{
    public void Configure(EntityTypeBuilder<SubnetDayRollup> builder)
    {
        builder.ToTable("subnet_days");
        builder.HasKey(d => new { d.Netuid, d.Day });
        // "Latest day with data" and "every subnet over a range" both read by day.
        builder.HasIndex(d => d.Day);
        builder.Property(d => d.AlphaPriceTao).HasPrecision(38, 18);
        builder.Property(d => d.MovingPriceTao).HasPrecision(38, 18);
    }
}

internal sealed class MarketDayRollupConfiguration : IEntityTypeConfiguration<MarketDayRollup>
{
    public void Configure(EntityTypeBuilder<MarketDayRollup> builder)
    {
        builder.ToTable("market_days");
        builder.HasKey(d => d.Day);
        builder.Property(d => d.PriceUsd).HasPrecision(28, 18);
        builder.Property(d => d.MarketCapUsd).HasPrecision(28, 8);
        builder.Property(d => d.CirculatingSupply).HasPrecision(28, 9);
        builder.Property(d => d.TotalSupply).HasPrecision(28, 9);
        builder.Property(d => d.MaxSupply).HasPrecision(28, 9);
        builder.Property(d => d.FullyDilutedValuationUsd).HasPrecision(28, 8);
        builder.Property(d => d.Volume24hUsd).HasPrecision(28, 8);
    }
}
