using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TaoLens.Data.Subnets;

/// <summary>A subnet as last seen. Every text field is untrusted (set by the subnet owner) and length-capped.</summary>
public sealed class Subnet
{
    public const int NameMaxLength = 256;
    public const int SymbolMaxLength = 32;
    public const int KeyMaxLength = 64;
    public const int IdentityFieldMaxLength = 1024;

    public int Netuid { get; set; }
    public string? Name { get; set; }
    public string? Symbol { get; set; }
    public string? OwnerHotkey { get; set; }
    public string? OwnerColdkey { get; set; }
    public long? RegistrationBlock { get; set; }
    public DateTimeOffset? RegisteredAt { get; set; }
    public string? GithubRepo { get; set; }
    public string? Contact { get; set; }
    public string? Url { get; set; }
    public string? Discord { get; set; }
    public string? Description { get; set; }
    public string? LogoUrl { get; set; }
    public string? Additional { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>True while the row comes only from the shipped offline reference data.</summary>
    public bool IsReferenceData { get; set; }
}

internal sealed class SubnetConfiguration : IEntityTypeConfiguration<Subnet>
{
    public void Configure(EntityTypeBuilder<Subnet> builder)
    {
        builder.HasKey(s => s.Netuid);
        builder.Property(s => s.Netuid).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(Subnet.NameMaxLength);
        builder.Property(s => s.Symbol).HasMaxLength(Subnet.SymbolMaxLength);
        builder.Property(s => s.OwnerHotkey).HasMaxLength(Subnet.KeyMaxLength);
        builder.Property(s => s.OwnerColdkey).HasMaxLength(Subnet.KeyMaxLength);
        builder.Property(s => s.GithubRepo).HasMaxLength(Subnet.IdentityFieldMaxLength);
        builder.Property(s => s.Contact).HasMaxLength(Subnet.IdentityFieldMaxLength);
        builder.Property(s => s.Url).HasMaxLength(Subnet.IdentityFieldMaxLength);
        builder.Property(s => s.Discord).HasMaxLength(Subnet.NameMaxLength);
        builder.Property(s => s.Description).HasMaxLength(Subnet.IdentityFieldMaxLength);
        builder.Property(s => s.LogoUrl).HasMaxLength(Subnet.IdentityFieldMaxLength);
        builder.Property(s => s.Additional).HasMaxLength(Subnet.IdentityFieldMaxLength);
        builder.ToTable(t => t.HasCheckConstraint("ck_subnets_netuid_u16", "netuid BETWEEN 0 AND 65535"));
    }
}
