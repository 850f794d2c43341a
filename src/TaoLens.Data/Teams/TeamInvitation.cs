using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TaoLens.Data.Accounts;

namespace TaoLens.Data.Teams;

/// <summary>An invitation to a team by email address; the link's token is single-use and expires, and only its SHA-256 is stored.</summary>
public sealed class TeamInvitation
{
    public const int EmailMaxLength = 256;

    public Guid Id { get; set; }
    public Guid TeamId { get; set; }
    public string Email { get; set; } = "";
    public TeamRole Role { get; set; }
    public byte[] TokenHash { get; set; } = [];
    public Guid InvitedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public Guid? AcceptedByUserId { get; set; }
}

internal sealed class TeamInvitationConfiguration : IEntityTypeConfiguration<TeamInvitation>
{
    public void Configure(EntityTypeBuilder<TeamInvitation> builder)
    {
        builder.ToTable("team_invitations");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Email).HasMaxLength(TeamInvitation.EmailMaxLength);
        builder.Property(i => i.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.TokenHash).HasMaxLength(32);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => i.TeamId);
        builder.HasOne<Team>().WithMany().HasForeignKey(i => i.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<TaoLensUser>().WithMany().HasForeignKey(i => i.InvitedByUserId).OnDelete(DeleteBehavior.Cascade);
    }
}
