using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaoLens.Data.Accounts;
using TaoLens.Data.Views;

namespace TaoLens.Data.Digests;

/// <summary>
/// A user's weekly digest: sent on <see cref="Day"/> at <see cref="LocalTime"/> in <see cref="TimeZone"/> (an IANA
/// name), summarising the network and the views in <see cref="DigestSubscriptionView"/>. One per user.
/// </summary>
public sealed class DigestSubscription
{
    public const int TimeZoneMaxLength = 64;

    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public bool Enabled { get; set; }
    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;
    public TimeOnly LocalTime { get; set; } = new(8, 0);
    public string TimeZone { get; set; } = "UTC";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A saved view or watchlist a digest summarises; checked against the user's access again when the digest is built.</summary>
public sealed class DigestSubscriptionView
{
    public Guid SubscriptionId { get; set; }
    public Guid ViewId { get; set; }
}

public enum DigestDeliveryStatus
{
    /// <summary>An instance took it and is sending; another may take it over after the lease if it never finishes.</summary>
    Claimed,
    Sent,

    /// <summary>The mail server did not take it; tried again from <see cref="DigestDelivery.NextAttemptAt"/> until the tries are spent.</summary>
    Failed,
}

/// <summary>
/// One subscription's digest for one ISO week: the unique (subscription, ISO year, ISO week) key is what makes the
/// digest go out once across instances and restarts. A row is claimed before the mail is sent and marked after.
/// </summary>
public sealed class DigestDelivery
{
    public const int ErrorMaxLength = 500;

    public Guid Id { get; set; }
    public Guid SubscriptionId { get; set; }
    public int IsoYear { get; set; }
    public int IsoWeek { get; set; }
    public DigestDeliveryStatus Status { get; set; }

    /// <summary>Claims so far, the first included.</summary>
    public int Attempts { get; set; }

    /// <summary>The current claim: only its holder marks the row sent or failed.</summary>
    public Guid ClaimId { get; set; }

    public DateTimeOffset ClaimedAt { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? MessageId { get; set; }
    public string? LastError { get; set; }
}

internal sealed class DigestSubscriptionConfiguration : IEntityTypeConfiguration<DigestSubscription>
{
    public void Configure(EntityTypeBuilder<DigestSubscription> builder)
    {
        builder.ToTable("digest_subscriptions");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => s.UserId).IsUnique();
        builder.Property(s => s.Day).HasConversion<string>().HasMaxLength(9);
        builder.Property(s => s.TimeZone).HasMaxLength(DigestSubscription.TimeZoneMaxLength);
        // Minutes after local midnight: a wall-clock time in the subscriber's zone, not an instant, so no time column.
        builder.Property(s => s.LocalTime).HasColumnName("local_minutes")
            .HasConversion(t => t.Hour * 60 + t.Minute, m => new TimeOnly(m / 60, m % 60));
        builder.HasOne<TaoLensUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DigestSubscriptionViewConfiguration : IEntityTypeConfiguration<DigestSubscriptionView>
{
    public void Configure(EntityTypeBuilder<DigestSubscriptionView> builder)
    {
        builder.ToTable("digest_subscription_views");
        builder.HasKey(v => new { v.SubscriptionId, v.ViewId });
        builder.HasIndex(v => v.ViewId);
        builder.HasOne<DigestSubscription>().WithMany().HasForeignKey(v => v.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SavedView>().WithMany().HasForeignKey(v => v.ViewId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DigestDeliveryConfiguration : IEntityTypeConfiguration<DigestDelivery>
{
    public void Configure(EntityTypeBuilder<DigestDelivery> builder)
    {
        builder.ToTable("digest_deliveries");
        builder.HasKey(d => d.Id);
        builder.HasIndex(d => new { d.SubscriptionId, d.IsoYear, d.IsoWeek }).IsUnique();
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(8);
        builder.Property(d => d.MessageId).HasMaxLength(200);
        builder.Property(d => d.LastError).HasMaxLength(DigestDelivery.ErrorMaxLength);
        builder.HasOne<DigestSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}
