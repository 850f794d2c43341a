using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TaoLens.Data;
using TaoLens.Data.Ingestion;
using TaoLens.Ingestion.Runs;

namespace TaoLens.Web.Features.Ingestion;

/// <summary>One source's health: whether it runs, its last success and last error, and when it runs next.</summary>
public sealed record SourceStatus(
    string Source,
    bool Enabled,
    string? DisabledReason,
    DateTimeOffset? LastSuccessAt,
    int? LastSuccessRows,
    DateTimeOffset? LastErrorAt,
    string? LastError,
    DateTimeOffset? NextRunAt,
    TimeSpan? Staleness,
    BackfillProgress? Backfill = null,
    string? NoBackfillReason = null);

public sealed record RunView(long Id, string Source, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Status, int RowsWritten, string? Error)
{
    public double? DurationSeconds => FinishedAt is { } f ? Math.Round((f - StartedAt).TotalSeconds, 3) : null;
}

public sealed record IngestionOverview(IReadOnlyList<SourceStatus> Sources, IReadOnlyList<RunView> RecentRuns);

public sealed class IngestionStatus(
    IDbContextFactory<TaoLensDbContext> contexts,
    IEnumerable<IIngestionSource> sources,
    IngestionSchedule schedule,
    TimeProvider time)
{
    public const int RecentRunCount = 50;

    /// <summary>A backfill in words: "42 of 90 days (2025-09-03 … 2025-12-01), 1 failed", "done", or why it stopped.</summary>
    public static string DescribeBackfill(BackfillProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{(progress.Finished && progress.StoppedBecause is null ? "done: " : "")}{progress.DaysDone} of {progress.TotalDays} days ({progress.From:yyyy-MM-dd} … {progress.To:yyyy-MM-dd})");
        text += progress.DaysFailed > 0 ? string.Create(CultureInfo.InvariantCulture, $", {progress.DaysFailed} failed") : "";
        return progress.StoppedBecause is { } why ? $"{text}; stopped: {why}" : text;
    }

    /// <summary>An age in the largest unit that keeps it readable: "12 min", "3.5 h", "2 d".</summary>
    public static string DescribeAge(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{age.TotalDays:0.#} d" : age.TotalHours >= 1 ? $"{age.TotalHours:0.#} h" : $"{Math.Max(0, age.TotalMinutes):0} min";

    public async Task<IngestionOverview> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var statuses = await SourcesAsync(db, cancellationToken);
        var recent = await db.IngestionRuns.AsNoTracking()
            .OrderByDescending(r => r.StartedAt)
            .Take(RecentRunCount)
            .Select(r => new RunView(r.Id, r.Source, r.StartedAt, r.FinishedAt, r.Status.ToString(), r.RowsWritten, r.Error))
            .ToListAsync(cancellationToken);
        return new IngestionOverview(statuses, recent);
    }

    /// <summary>Each source's status without the run history: what the overview's freshness line shows.</summary>
    public async Task<IReadOnlyList<SourceStatus>> SourcesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SourcesAsync(db, cancellationToken);
    }

    private async Task<IReadOnlyList<SourceStatus>> SourcesAsync(TaoLensDbContext db, CancellationToken cancellationToken)
    {
        var lastSuccess = await db.IngestionRuns.AsNoTracking()
            .Where(r => r.Status == IngestionRunStatus.Succeeded)
            .GroupBy(r => r.Source)
            .Select(g => g.OrderByDescending(r => r.StartedAt).First())
            .ToDictionaryAsync(r => r.Source, cancellationToken);
        var lastFailure = await db.IngestionRuns.AsNoTracking()
            .Where(r => r.Status == IngestionRunStatus.Failed)
            .GroupBy(r => r.Source)
            .Select(g => g.OrderByDescending(r => r.StartedAt).First())
            .ToDictionaryAsync(r => r.Source, cancellationToken);

        var now = time.GetUtcNow();
        var names = sources.Select(s => s.Name).Concat(lastSuccess.Keys).Concat(lastFailure.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return names.Select(name =>
        {
            var source = sources.FirstOrDefault(s => s.Name == name);
            lastSuccess.TryGetValue(name, out var success);
            lastFailure.TryGetValue(name, out var failure);
            // A failure older than the last success is history, not the current error.
            var currentFailure = failure is not null && (success is null || failure.StartedAt > success.StartedAt) ? failure : null;
            return new SourceStatus(
                name,
                source?.Enabled ?? false,
                source is null ? "not a configured source (runs loaded from elsewhere)" : source.DisabledReason,
                success?.FinishedAt,
                success?.RowsWritten,
                currentFailure?.FinishedAt ?? currentFailure?.StartedAt,
                currentFailure?.Error,
                schedule.NextRunOf(name),
                success?.FinishedAt is { } at ? now - at : null,
                schedule.BackfillOf(name),
                source?.NoBackfillReason);
        }).ToList();
    }
}
