using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TaoLens.Data.Accounts;

/// <summary>An account: Identity's user (email, password hash, lockout, security stamp) plus what TaoLens adds.</summary>
public sealed class TaoLensUser : IdentityUser<Guid>
{
    /// <summary>The instance admin: the first account, or one an operator made with <c>users create-admin</c>.</summary>
    public bool IsInstanceAdmin { get; set; }

    /// <summary>The team the user works in (the one pages show); null until they join or pick one.</summary>
    public Guid? CurrentTeamId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class TaoLensUserConfiguration : IEntityTypeConfiguration<TaoLensUser>
{
    public void Configure(EntityTypeBuilder<TaoLensUser> builder) =>
        builder.ToTable("users");
}
