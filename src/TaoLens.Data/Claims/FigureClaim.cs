using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaoLens.Core.Claims;
using TaoLens.Core.Valuation;
using TaoLens.Data.Revenue;
using TaoLens.Data.Subnets;

namespace TaoLens.Data.Claims;

/// <summary>
/// A published figure other than revenue that TaoLens can also measure (subsidy, market cap, FDV, a multiple), with its
/// provenance (docs/metrics.md, "Claims check"). Revenue claims are ledger entries (<see cref="RevenueEntry"/>): one
/// record, shown in the ledger and in the claims check. A figure is as of a day (<see cref="AsOf"/>) or covers
/// [<see cref="PeriodStart"/>, <see cref="PeriodEnd"/>) (UTC midnights, end exclusive).
/// </summary>
public sealed class FigureClaim
{
    public const int SubjectMaxLength = RevenueEntry.SubjectMaxLength;
    public const int TextMaxLength = RevenueEntry.TextMaxLength;
    public const int UrlMaxLength = RevenueEntry.UrlMaxLength;

    public long Id { get; set; }

    public ClaimQuantity Quantity { get; set; }

    /// <summary>The subnet, or null for a claim about the network (or TAO).</summary>
    public int? Netuid { get; set; }

    /// <summary>Who the claim is about, as the source names it (e.g. "Templar", "TAO").</summary>
    public string Subject { get; set; } = "";

    public DateTimeOffset? AsOf { get; set; }
    public DateTimeOffset? PeriodStart { get; set; }
    public DateTimeOffset? PeriodEnd { get; set; }

    /// <summary>The figure in the quantity's unit (USD, USD per year, or x); null only when a low–high range is given.</summary>
    public decimal? BaseValue { get; set; }

    public decimal? LowValue { get; set; }
    public decimal? HighValue { get; set; }

    public string SourceName { get; set; } = "";
    public string? SourceUrl { get; set; }
    public RevenueSourceType SourceKind { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>The source's words, quoted.</summary>
    public string? Quote { get; set; }

    public string? Note { get; set; }
    public string EnteredBy { get; set; } = "";
    public DateTimeOffset EnteredAt { get; set; }
    public bool IsReferenceData { get; set; }

    public Subnet? Subnet { get; set; }
}

internal sealed class FigureClaimConfiguration : IEntityTypeConfiguration<FigureClaim>
{
    public void Configure(EntityTypeBuilder<FigureClaim> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).UseIdentityAlwaysColumn();
        builder.Property(c => c.Quantity).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.Subject).HasMaxLength(FigureClaim.SubjectMaxLength);
        // Multiples to 6 places, market caps to trillions.
        builder.Property(c => c.BaseValue).HasPrecision(24, 6);
        builder.Property(c => c.LowValue).HasPrecision(24, 6);
        builder.Property(c => c.HighValue).HasPrecision(24, 6);
        builder.Property(c => c.SourceName).HasMaxLength(FigureClaim.SubjectMaxLength * 2);
        builder.Property(c => c.SourceUrl).HasMaxLength(FigureClaim.UrlMaxLength);
        builder.Property(c => c.SourceKind).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.Quote).HasMaxLength(FigureClaim.TextMaxLength);
        builder.Property(c => c.Note).HasMaxLength(FigureClaim.TextMaxLength);
        builder.Property(c => c.EnteredBy).HasMaxLength(FigureClaim.SubjectMaxLength);
        builder.HasOne(c => c.Subnet).WithMany().HasForeignKey(c => c.Netuid).OnDelete(DeleteBehavior.Restrict);

        // Natural key: the same claim loaded twice is one row.
        builder.HasIndex(c => new { c.Quantity, c.Netuid, c.Subject, c.AsOf, c.PeriodStart, c.PeriodEnd, c.SourceName })
            .IsUnique()
            .AreNullsDistinct(false);

        builder.ToTable("figure_claims", t =>
        {
            // Revenue claims live in the ledger (revenue_entries), never here.
            t.HasCheckConstraint("ck_figure_claims_quantity", "quantity <> 'ExternalRevenueUsd'");
            // As of a day, or a period of whole UTC days: never both, never neither.
            t.HasCheckConstraint("ck_figure_claims_date",
                "(as_of IS NOT NULL AND period_start IS NULL AND period_end IS NULL)"
                + " OR (as_of IS NULL AND period_start IS NOT NULL AND period_end IS NOT NULL AND period_end > period_start"
                + " AND (period_start AT TIME ZONE 'UTC')::time = '00:00' AND (period_end AT TIME ZONE 'UTC')::time = '00:00')");
            // A base, or both ends of a range; every figure above zero; low ≤ base ≤ high.
            t.HasCheckConstraint("ck_figure_claims_value",
                "(base_value IS NOT NULL OR (low_value IS NOT NULL AND high_value IS NOT NULL))"
                + " AND coalesce(base_value, 1) > 0 AND coalesce(low_value, 1) > 0 AND coalesce(high_value, 1) > 0"
                + " AND (low_value IS NULL OR low_value <= coalesce(base_value, high_value, low_value))"
                + " AND (high_value IS NULL OR high_value >= coalesce(base_value, low_value, high_value))");
        });
    }
}
