using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TaoLens.Data.Ingestion;

/// <summary>One run of one source: what it wrote, or why it failed.</summary>
public sealed class IngestionRun
{
    public const int ErrorMaxLength = 4000;

    public long Id { get; set; }
    public string Source { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public IngestionRunStatus Status { get; set; }
    public int RowsWritten { get; set; }
    public string? Error { get; set; }

    /// <summary>For a backfill run, the UTC day (midnight) it loaded; null for a run of the latest data.</summary>
    public DateTimeOffset? BackfillDay { get; set; }
}

public enum IngestionRunStatus
{
    Running,
    Succeeded,
    Failed,
}

internal sealed class IngestionRunConfiguration : IEntityTypeConfiguration<IngestionRun>
{
    public void Configure(EntityTypeBuilder<IngestionRun> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).UseIdentityAlwaysColumn();
        builder.Property(r => r.Source).HasMaxLength(32);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Error).HasMaxLength(IngestionRun.ErrorMaxLength);
        builder.HasIndex(r => new { r.Source, r.StartedAt }).IsDescending(false, true);
        builder.HasIndex(r => new { r.Source, r.BackfillDay }).HasFilter("backfill_day IS NOT NULL AND status = 'Succeeded'");
    }
}
