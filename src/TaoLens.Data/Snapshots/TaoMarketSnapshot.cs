using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TaoLens.Data.Snapshots;

/// <summary>TAO's market at one moment, as one source reported it. Money in USD, supplies in TAO.</summary>
public sealed class TaoMarketSnapshot
{
    public DateTimeOffset ObservedAt { get; set; }
    public string Source { get; set; } = "";
    public decimal PriceUsd { get; set; }
    public decimal? MarketCapUsd { get; set; }
    public decimal? CirculatingSupply { get; set; }
    public decimal? TotalSupply { get; set; }
    public decimal? MaxSupply { get; set; }
    public decimal? FullyDilutedValuationUsd { get; set; }
    public decimal? Volume24hUsd { get; set; }
}

internal sealed class TaoMarketSnapshotConfiguration : IEntityTypeConfiguration<TaoMarketSnapshot>
{
    public void Configure(EntityTypeBuilder<TaoMarketSnapshot> builder)
    {
        builder.HasKey(s => new { s.ObservedAt, s.Source });
        builder.Property(s => s.Source).HasMaxLength(32);
        builder.Property(s => s.PriceUsd).HasPrecision(28, 18);
        builder.Property(s => s.MarketCapUsd).HasPrecision(28, 8);
        builder.Property(s => s.CirculatingSupply).HasPrecision(28, 9);
        builder.Property(s => s.TotalSupply).HasPrecision(28, 9);
        builder.Property(s => s.MaxSupply).HasPrecision(28, 9);
        builder.Property(s => s.FullyDilutedValuationUsd).HasPrecision(28, 8);
        builder.Property(s => s.Volume24hUsd).HasPrecision(28, 8);
        builder.ToTable(t => t.HasCheckConstraint("ck_tao_market_snapshots_price_positive", "price_usd > 0"));
    }
}
