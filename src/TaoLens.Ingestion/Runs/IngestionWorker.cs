using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TaoLens.Ingestion.Runs;

/// <summary>When each source runs next, for the status page.</summary>
public sealed class IngestionSchedule
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _nextRuns = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BackfillProgress> _backfills = new(StringComparer.Ordinal);

    public DateTimeOffset? NextRunOf(string source) => _nextRuns.TryGetValue(source, out var next) ? next : null;

    /// <summary>The source's backfill in this process, running or finished; null when none ran.</summary>
    public BackfillProgress? BackfillOf(string source) => _backfills.TryGetValue(source, out var progress) ? progress : null;

    internal void Set(string source, DateTimeOffset next) => _nextRuns[source] = next;

    internal void SetBackfill(string source, BackfillProgress progress) => _backfills[source] = progress;
}

/// <summary>
/// The background worker of one source: runs it on its interval, each run in its own scope. A failed run is
/// recorded and logged; the loop goes on, and the app keeps serving. After its first successful run it backfills the source's
/// <see cref="IIngestionSource.BackfillDays"/> days of history that no backfill has loaded yet.
/// </summary>
public sealed class IngestionWorker<TSource>(
    IServiceScopeFactory scopes, IngestionSchedule schedule, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<IngestionWorker<TSource>> logger)
    : BackgroundService
    where TSource : class, IIngestionSource
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // ApplicationStarted fires once every hosted service has started (migrations and reference data included) and
        // the server listens: no network call or database write competes with start-up, and a failed start runs nothing.
        if (!await HostStartedAsync(stoppingToken))
        {
            return;
        }

        var backfillPending = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan interval;
            string name;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var source = scope.ServiceProvider.GetRequiredService<TSource>();
                name = source.Name;
                interval = source.Interval > TimeSpan.Zero ? source.Interval : TimeSpan.FromMinutes(10);
                if (!source.Enabled)
                {
                    logger.LogInformation("{Source} is off: {Reason}", source.Name, source.DisabledReason);
                    return;
                }

                try
                {
                    var latest = await scope.ServiceProvider.GetRequiredService<IngestionRunner>().RunLatestAsync(source, stoppingToken);
                    if (backfillPending && latest.Outcome == RunOutcome.Succeeded)
                    {
                        // Latest first, so pages show today within one run; then history, oldest day first. Only once the
                        // source answers: offline, a backfill would record one failed run per day.
                        backfillPending = false;
                        await BackfillAsync(source, scope.ServiceProvider.GetRequiredService<Backfill>(), stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // The runner records source failures itself; this is the database being unreachable, say.
                    logger.LogError(ex, "{Source}: the run could not be recorded", source.Name);
                }
            }

            // The timer exists before the schedule shows the next run, so whoever reads the schedule (a test advancing
            // a fake clock) cannot move time past the run before the timer is there to see it.
            var next = time.GetUtcNow() + interval;
            var delay = Task.Delay(interval, time, stoppingToken);
            schedule.Set(name, next);
            await delay.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task BackfillAsync(IIngestionSource source, Backfill backfill, CancellationToken stoppingToken)
    {
        if (source.BackfillDays <= 0)
        {
            if (source.NoBackfillReason is { } reason)
            {
                logger.LogInformation("{Source}: no backfill: {Reason}", source.Name, reason);
            }

            return;
        }

        var yesterday = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1);
        var from = yesterday.AddDays(1 - source.BackfillDays);
        var summary = await backfill.RunAsync(source, from, yesterday, null, stoppingToken);
        logger.LogInformation("{Source}: backfilled {From:yyyy-MM-dd}..{To:yyyy-MM-dd}: {Loaded} day(s) loaded, {Skipped} already loaded, {Failed} failed{Stopped}",
            source.Name, from, yesterday, summary.DaysLoaded, summary.DaysSkipped, summary.DaysFailed,
            summary.StoppedByAnotherInstance ? "; the rest is left to the instance running this source" : "");
    }

    private async Task<bool> HostStartedAsync(CancellationToken stoppingToken)
    {
        logger.LogDebug("{Worker}: waiting for the host to start", typeof(TSource).Name);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
