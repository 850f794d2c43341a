using Microsoft.Extensions.Options;

namespace TaoLens.Web.Features.Digest;

/// <summary>
/// Each instance looks for due digests every <see cref="DigestOptions.PollInterval"/> once the host has started; the
/// delivery table, not this loop, makes each digest go out once however many instances run.
/// </summary>
internal sealed class DigestScheduler(
    IServiceScopeFactory scopes,
    IOptions<DigestOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DigestScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SendScheduled)
        {
            return;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await DigestSending.SendAllDueAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A claim left by a failure here is taken over after its lease; the next tick tries the rest.
                logger.LogError(ex, "Sending due digests failed.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
