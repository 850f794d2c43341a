using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TaoLens.Ingestion.Runs;

/// <summary>When each source runs next, for the status page.</summary>
public sealed class IngestionSchedule
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _nextRuns = new(StringComparer.Ordinal);

    public DateTimeOffset? NextRunOf(string source) => _nextRuns.TryGetValue(source, out var next) ? next : null;

    internal void Set(string source, DateTimeOffset next) => _nextRuns[source] = next;
}

/// <summary>
/// The background worker of one source: runs it on its interval, each run in its own scope. A failed run is
/// recorded and logged; the loop goes on, and the app keeps serving.
/// </summary>
public sealed class IngestionWorker<TSource>(IServiceScopeFactory scopes, IngestionSchedule schedule, TimeProvider time, ILogger<IngestionWorker<TSource>> logger)
    : BackgroundService
    where TSource : class, IIngestionSource
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (migrations, first page) before the first network call.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan interval;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var source = scope.ServiceProvider.GetRequiredService<TSource>();
                interval = source.Interval > TimeSpan.Zero ? source.Interval : TimeSpan.FromMinutes(10);
                if (!source.Enabled)
                {
                    logger.LogInformation("{Source} is off: {Reason}", source.Name, source.DisabledReason);
                    return;
                }

                try
                {
                    await scope.ServiceProvider.GetRequiredService<IngestionRunner>().RunLatestAsync(source, stoppingToken);
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

                schedule.Set(source.Name, time.GetUtcNow() + interval);
            }

            await Task.Delay(interval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
