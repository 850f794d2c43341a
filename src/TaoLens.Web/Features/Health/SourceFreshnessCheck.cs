using Microsoft.Extensions.Diagnostics.HealthChecks;
using TaoLens.Web.Features.Ingestion;

namespace TaoLens.Web.Features.Health;

/// <summary>Degraded while an enabled source's latest run failed; its error text goes to the log, never to the caller.</summary>
internal sealed class SourceFreshnessCheck(IngestionStatus status) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var sources = await HealthTimeout.WithinAsync(status.SourcesAsync(cancellationToken), cancellationToken);
        var failing = sources.Where(s => s.Enabled && s.LastError is not null).ToList();
        return failing.Count == 0
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus,
                string.Join("; ", failing.Select(s => $"{s.Source} failing since {s.LastErrorAt:u}: {s.LastError}")));
    }
}
