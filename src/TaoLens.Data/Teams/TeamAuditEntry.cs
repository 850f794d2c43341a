using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TaoLens.Data.Teams;

/// <summary>
/// One line of a team's audit log. Emails are copied in, so the line still reads after the account is gone; user
/// ids are plain columns (no foreign key) for the same reason.
/// </summary>
public sealed class TeamAuditEntry
{
    public const int EmailMaxLength = 256;
    public const int DetailMaxLength = 200;

    public long Id { get; set; }
    public Guid TeamId { get; set; }
    public DateTimeOffset At { get; set; }
    public TeamAuditAction Action { get; set; }
    public Guid? ActorUserId { get; set; }
    public string? ActorEmail { get; set; }
    public Guid? SubjectUserId { get; set; }
    public string? SubjectEmail { get; set; }

    /// <summary>What changed, e.g. the role given ("editor") or "viewer → admin".</summary>
    public string? Detail { get; set; }
}

/// <summary>What happened; the view actions name the view in <see cref="TeamAuditEntry.Detail"/>.</summary>
public enum TeamAuditAction
{
    TeamCreated,
    Invited,
    Joined,
    Left,
    RoleChanged,
    MemberRemoved,
    ViewCreated,
    ViewShared,
    ViewLinkRevoked,
    ViewDeleted,
    InvitationRevoked,
}

internal sealed class TeamAuditEntryConfiguration : IEntityTypeConfiguration<TeamAuditEntry>
{
    public void Configure(EntityTypeBuilder<TeamAuditEntry> builder)
    {
        builder.ToTable("team_audit");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.ActorEmail).HasMaxLength(TeamAuditEntry.EmailMaxLength);
        builder.Property(e => e.SubjectEmail).HasMaxLength(TeamAuditEntry.EmailMaxLength);
        builder.Property(e => e.Detail).HasMaxLength(TeamAuditEntry.DetailMaxLength);
        builder.HasIndex(e => new { e.TeamId, e.Id }).IsDescending(false, true);
        builder.HasOne<Team>().WithMany().HasForeignKey(e => e.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
