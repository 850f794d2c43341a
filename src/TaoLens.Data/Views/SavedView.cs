using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaoLens.Data.Accounts;
using TaoLens.Data.Teams;

namespace TaoLens.Data.Views;

/// <summary>
/// A page state saved under a name: private to <see cref="OwnerUserId"/> when <see cref="TeamId"/> is null, otherwise
/// the team's. <see cref="State"/> is the page's query string, normalised when saved.
/// </summary>
public sealed class SavedView
{
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 500;
    public const int StateMaxLength = 1000;

    public Guid Id { get; set; }
    public Guid OwnerUserId { get; set; }
    public Guid? TeamId { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }

    /// <summary><c>overview</c>, <c>subnet</c> or <c>compare</c>.</summary>
    public string Page { get; set; } = "";

    public string State { get; set; } = "";

    public ViewRangeMode RangeMode { get; set; }

    /// <summary>For <see cref="ViewRangeMode.LastDays"/>: how many days, ending on the day the view is opened for.</summary>
    public int? RangeDays { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>How a view's time range is kept: the dates saved, or resolved each time it is opened.</summary>
public enum ViewRangeMode
{
    Fixed,
    LastDays,
    YearToDate,
}

/// <summary>A user's pin (favourite) on a view they can see.</summary>
public sealed class SavedViewPin
{
    public Guid ViewId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset PinnedAt { get; set; }
}

/// <summary>A public read-only link to a view; only the SHA-256 of its token is stored.</summary>
public sealed class ViewShareLink
{
    public Guid Id { get; set; }
    public Guid ViewId { get; set; }
    public byte[] TokenHash { get; set; } = [];
    public Guid CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> builder)
    {
        builder.ToTable("saved_views");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Name).HasMaxLength(SavedView.NameMaxLength);
        builder.Property(v => v.Description).HasMaxLength(SavedView.DescriptionMaxLength);
        builder.Property(v => v.Page).HasMaxLength(16);
        builder.Property(v => v.State).HasMaxLength(SavedView.StateMaxLength);
        builder.Property(v => v.RangeMode).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(v => v.OwnerUserId);
        builder.HasIndex(v => v.TeamId);
        builder.HasOne<TaoLensUser>().WithMany().HasForeignKey(v => v.OwnerUserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Team>().WithMany().HasForeignKey(v => v.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SavedViewPinConfiguration : IEntityTypeConfiguration<SavedViewPin>
{
    public void Configure(EntityTypeBuilder<SavedViewPin> builder)
    {
        builder.ToTable("saved_view_pins");
        builder.HasKey(p => new { p.ViewId, p.UserId });
        builder.HasIndex(p => p.UserId);
        builder.HasOne<SavedView>().WithMany().HasForeignKey(p => p.ViewId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TaoLensUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ViewShareLinkConfiguration : IEntityTypeConfiguration<ViewShareLink>
{
    public void Configure(EntityTypeBuilder<ViewShareLink> builder)
    {
        builder.ToTable("view_share_links");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.TokenHash).HasMaxLength(32);
        builder.HasIndex(l => l.TokenHash).IsUnique();
        builder.HasIndex(l => l.ViewId);
        builder.HasOne<SavedView>().WithMany().HasForeignKey(l => l.ViewId).OnDelete(DeleteBehavior.Cascade);
    }
}
