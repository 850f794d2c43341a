namespace TaoLens.Ingestion.Runs;

/// <summary>One day of a backfill: loaded now, loaded before, or failed.</summary>
public sealed record BackfillStep(DateOnly Day, int Index, int TotalDays, RunResult? Result)
{
    /// <summary>Null when the day had been loaded by an earlier backfill and was skipped.</summary>
    public bool AlreadyLoaded => Result is null;

    public double Percent => 100.0 * Index / TotalDays;
}

/// <summary>Where a backfill stands, for the status page.</summary>
public sealed record BackfillProgress(DateOnly From, DateOnly To, int DaysDone, int TotalDays, int DaysFailed, bool Finished, string? StoppedBecause);

/// <summary>What a backfill did.</summary>
public sealed record BackfillSummary(int DaysLoaded, int DaysSkipped, int DaysFailed, long RowsWritten, bool StoppedByAnotherInstance);

/// <summary>
/// Loads a source's history day by day, each day one run (its own transaction, recorded), skipping the days an earlier
/// backfill already loaded, so an interrupted backfill resumes. The <c>ingest --from</c> verb and the worker's first
/// run both go through here.
/// </summary>
public sealed class Backfill(IngestionRunner runner, IngestionSchedule schedule)
{
    public async Task<BackfillSummary> RunAsync(IIngestionSource source, DateOnly from, DateOnly to, Func<BackfillStep, Task>? onStep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var done = await runner.CompletedDaysAsync(source.Name, from, to, cancellationToken);
        var total = to.DayNumber - from.DayNumber + 1;
        int loaded = 0, skipped = 0, failed = 0;
        long rows = 0;
        schedule.SetBackfill(source.Name, new BackfillProgress(from, to, 0, total, 0, false, null));
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var index = day.DayNumber - from.DayNumber + 1;
            RunResult? result = null;
            if (done.Contains(day))
            {
                skipped++;
            }
            else
            {
                result = await runner.RunDayAsync(source, day, cancellationToken);
                rows += result.RowsWritten;
                if (result.Outcome == RunOutcome.Skipped)
                {
                    // Another instance holds the source's lock: it is backfilling (or running) it; leave the rest to it.
                    schedule.SetBackfill(source.Name, new BackfillProgress(from, to, index - 1, total, failed, true, "another TaoLens instance is running this source"));
                    await (onStep?.Invoke(new BackfillStep(day, index, total, result)) ?? Task.CompletedTask);
                    return new BackfillSummary(loaded, skipped, failed, rows, true);
                }

                loaded += result.Outcome == RunOutcome.Succeeded ? 1 : 0;
                failed += result.Outcome == RunOutcome.Failed ? 1 : 0;
            }

            schedule.SetBackfill(source.Name, new BackfillProgress(from, to, index, total, failed, index == total, null));
            await (onStep?.Invoke(new BackfillStep(day, index, total, result)) ?? Task.CompletedTask);
        }

        return new BackfillSummary(loaded, skipped, failed, rows, false);
    }
}
