using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaoLens.Data.Subnets;

namespace TaoLens.Data.Snapshots;

/// <summary>
/// One subnet's emission and pool state at one moment, as one source reported it.
/// Chain amounts are integer rao (1e-9 TAO) or 1e-9 alpha; a null field is one the source did not give.
/// </summary>
public sealed class SubnetSnapshot
{
    public int Netuid { get; set; }
    public DateTimeOffset ObservedAt { get; set; }

    /// <summary>Where the row came from: see <see cref="SnapshotSources"/>.</summary>
    public string Source { get; set; } = "";

    public long? BlockNumber { get; set; }

    /// <summary>TAO injected into the pool per block (chain <c>tao_in_emission</c>), rao.</summary>
    public long? TaoInEmissionRao { get; set; }

    /// <summary>Excess TAO spent on chain buys per block (<c>SubnetExcessTao</c>), rao; unknown before mid-2026.</summary>
    public long? ExcessTaoRao { get; set; }

    public long? AlphaOutEmissionRao { get; set; }
    public long? AlphaInEmissionRao { get; set; }
    public long? AlphaInPoolRao { get; set; }
    public long? AlphaOutstandingRao { get; set; }
    public long? TaoInPoolRao { get; set; }
    public decimal? AlphaPriceTao { get; set; }
    public decimal? MovingPriceTao { get; set; }

    /// <summary>
    /// The chain's registration block of the subnet on this netuid (DynamicInfo <c>network_registered_at</c>): a
    /// change means the netuid was deregistered and registered again (docs/metrics.md, "Re-registration").
    /// </summary>
    public long? RegistrationBlock { get; set; }

    /// <summary>Cumulative TAO volume in rao: a u128 on chain, so stored as numeric.</summary>
    public BigInteger? CumulativeVolumeRao { get; set; }

    public Subnet? Subnet { get; set; }
}

public static class SnapshotSources
{
    public const string Chain = "chain";
    public const string Taostats = "taostats";
    public const string CoinGecko = "coingecko";
    public const string Reference = "reference";
}

internal sealed class SubnetSnapshotConfiguration : IEntityTypeConfiguration<SubnetSnapshot>
{
    public void Configure(EntityTypeBuilder<SubnetSnapshot> builder)
    {
        // The natural key doubles as the index for both hot reads: "latest row per subnet" (backward scan
        // of one netuid) and "one subnet over a time range" (range scan on netuid, observed_at).
        builder.HasKey(s => new { s.Netuid, s.ObservedAt, s.Source });
        builder.Property(s => s.Source).HasMaxLength(32);
        builder.Property(s => s.AlphaPriceTao).HasPrecision(38, 18);
        builder.Property(s => s.MovingPriceTao).HasPrecision(38, 18);
        builder.Property(s => s.CumulativeVolumeRao).HasColumnType("numeric(39,0)");
        builder.HasOne(s => s.Subnet).WithMany().HasForeignKey(s => s.Netuid).OnDelete(DeleteBehavior.Cascade);
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_subnet_snapshots_amounts_non_negative",
                "coalesce(tao_in_emission_rao, 0) >= 0 AND coalesce(excess_tao_rao, 0) >= 0"
                + " AND coalesce(alpha_out_emission_rao, 0) >= 0 AND coalesce(alpha_in_emission_rao, 0) >= 0"
                + " AND coalesce(alpha_in_pool_rao, 0) >= 0 AND coalesce(alpha_outstanding_rao, 0) >= 0"
                + " AND coalesce(tao_in_pool_rao, 0) >= 0 AND coalesce(alpha_price_tao, 0) >= 0");
        });
    }
}
