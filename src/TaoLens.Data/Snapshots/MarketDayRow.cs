using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TaoLens.Data.Snapshots;

/// <summary>TAO's market on one UTC day (<c>market_days</c>): each field the day's last non-null value; kept by triggers on <c>tao_market_snapshots</c>.</summary>
public sealed class MarketDayRow
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

internal sealed class MarketDayRowConfiguration : IEntityTypeConfiguration<MarketDayRow>
{
    public void Configure(EntityTypeBuilder<MarketDayRow> builder)
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
