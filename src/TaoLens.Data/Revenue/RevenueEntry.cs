using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaoLens.Core.Valuation;
using TaoLens.Data.Accounts;
using TaoLens.Data.Subnets;

namespace TaoLens.Data.Revenue;

/// <summary>
/// One entry of the curated revenue ledger: a claim, with its provenance, of what users paid a subnet.
/// A realised entry covers [PeriodStart, PeriodEnd) (UTC instants, end exclusive); a run-rate entry is an
/// annualised figure as of <see cref="AsOf"/>. Entries are never edited in place: a correction is a new
/// entry that points at the one it replaces.
/// </summary>
public sealed class RevenueEntry
{
    public const int SubjectMaxLength = 200;
    public const int TextMaxLength = 2000;
    public const int UrlMaxLength = 1024;

    public long Id { get; set; }

    /// <summary>The subnet, or null for a claim about a group of subnets or the whole network.</summary>
    public int? Netuid { get; set; }

    /// <summary>The subnets a group claim covers (two or more, with <see cref="Netuid"/> null); null for any other claim.</summary>
    public int[]? CoversNetuids { get; set; }

    /// <summary>Who the claim is about, as the source names it (e.g. "Templar", "Bittensor network").</summary>
    public string Subject { get; set; } = "";

    public RevenueEntryKind Kind { get; set; }
    public DateTimeOffset? PeriodStart { get; set; }
    public DateTimeOffset? PeriodEnd { get; set; }
    public DateTimeOffset? AsOf { get; set; }

    /// <summary>Base amount in USD (for the period, or per year for a run-rate). Null only when a low–high range is given.</summary>
    public decimal? AmountUsd { get; set; }

    public decimal? LowUsd { get; set; }
    public decimal? HighUsd { get; set; }

    /// <summary>Which revenue components the figure counts as external (user-paid), in words.</summary>
    public string? ExternalComponents { get; set; }

    public string SourceName { get; set; } = "";
    public string? SourceUrl { get; set; }
    public RevenueSourceType SourceKind { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? Note { get; set; }
    /// <summary>The author's display name (their email), as shown; kept when the account is gone.</summary>
    public string EnteredBy { get; set; } = "";

    /// <summary>The author's account; null for reference data and the feeds.</summary>
    public Guid? EnteredById { get; set; }

    public DateTimeOffset EnteredAt { get; set; }

    /// <summary>When an editor marked the entry disputed; a disputed entry is shown but does not count (docs/metrics.md).</summary>
    public DateTimeOffset? DisputedAt { get; set; }

    public string? DisputedBy { get; set; }
    public Guid? DisputedById { get; set; }
    public string? DisputeReason { get; set; }

    /// <summary>When an editor said to use the disputed entry anyway; it then counts again.</summary>
    public DateTimeOffset? UseAnywayAt { get; set; }

    public string? UseAnywayBy { get; set; }
    public Guid? UseAnywayById { get; set; }

    /// <summary>The entry this one corrects; the corrected entry stops counting.</summary>
    public long? CorrectsId { get; set; }

    public bool IsReferenceData { get; set; }

    public Subnet? Subnet { get; set; }
    public RevenueEntry? Corrects { get; set; }
}

internal sealed class RevenueEntryConfiguration : IEntityTypeConfiguration<RevenueEntry>
{
    public void Configure(EntityTypeBuilder<RevenueEntry> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Subject).HasMaxLength(RevenueEntry.SubjectMaxLength);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.SourceKind).HasConversion<string>().HasMaxLength(24);
        builder.Property(e => e.AmountUsd).HasPrecision(20, 2);
        builder.Property(e => e.LowUsd).HasPrecision(20, 2);
        builder.Property(e => e.HighUsd).HasPrecision(20, 2);
        builder.Property(e => e.ExternalComponents).HasMaxLength(RevenueEntry.TextMaxLength);
        builder.Property(e => e.SourceName).HasMaxLength(RevenueEntry.SubjectMaxLength * 2);
        builder.Property(e => e.SourceUrl).HasMaxLength(RevenueEntry.UrlMaxLength);
        builder.Property(e => e.Note).HasMaxLength(RevenueEntry.TextMaxLength);
        builder.Property(e => e.EnteredBy).HasMaxLength(RevenueEntry.SubjectMaxLength);
        builder.Property(e => e.DisputedBy).HasMaxLength(RevenueEntry.SubjectMaxLength);
        builder.Property(e => e.DisputeReason).HasMaxLength(RevenueEntry.TextMaxLength);
        builder.Property(e => e.UseAnywayBy).HasMaxLength(RevenueEntry.SubjectMaxLength);
        // Accounts may be deleted; the names stay, the links go.
        builder.HasOne<TaoLensUser>().WithMany().HasForeignKey(e => e.EnteredById).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<TaoLensUser>().WithMany().HasForeignKey(e => e.DisputedById).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<TaoLensUser>().WithMany().HasForeignKey(e => e.UseAnywayById).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(e => e.Subnet).WithMany().HasForeignKey(e => e.Netuid).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Corrects).WithMany().HasForeignKey(e => e.CorrectsId).OnDelete(DeleteBehavior.Restrict);

        // Natural key: the same claim loaded twice is one row; a correction differs by what it corrects.
        builder.HasIndex(e => new { e.Netuid, e.Subject, e.Kind, e.PeriodStart, e.PeriodEnd, e.AsOf, e.SourceName, e.CorrectsId })
            .IsUnique()
            .AreNullsDistinct(false);

        builder.ToTable(t =>
        {
            // A realised period is whole UTC days (midnight to midnight): a one-hour "period" would annualise × 8,760.
            t.HasCheckConstraint("ck_revenue_entries_period",
                "(kind = 'Realised' AND period_start IS NOT NULL AND period_end IS NOT NULL AND period_end > period_start"
                + " AND (period_start AT TIME ZONE 'UTC')::time = '00:00' AND (period_end AT TIME ZONE 'UTC')::time = '00:00')"
                + " OR (kind = 'RunRate' AND as_of IS NOT NULL)");
            // A subnet claim, a group claim naming at least two subnets, or a network claim: never a group read as the network.
            t.HasCheckConstraint("ck_revenue_entries_subject",
                "(netuid IS NOT NULL AND covers_netuids IS NULL)"
                + " OR (netuid IS NULL AND covers_netuids IS NULL)"
                + " OR (netuid IS NULL AND cardinality(covers_netuids) >= 2 AND array_position(covers_netuids, NULL) IS NULL)");
            // Overriding a dispute needs a dispute, and a dispute its reason.
            t.HasCheckConstraint("ck_revenue_entries_dispute",
                "(disputed_at IS NULL AND use_anyway_at IS NULL) OR (disputed_at IS NOT NULL AND dispute_reason IS NOT NULL)");
            t.HasCheckConstraint("ck_revenue_entries_amount",
                "(amount_usd IS NOT NULL OR (low_usd IS NOT NULL AND high_usd IS NOT NULL))"
                + " AND coalesce(amount_usd, 0) >= 0 AND coalesce(low_usd, 0) >= 0"
                + " AND (low_usd IS NULL OR low_usd <= coalesce(amount_usd, high_usd, low_usd))"
                + " AND (high_usd IS NULL OR high_usd >= coalesce(amount_usd, low_usd, high_usd))");
        });
    }
}
