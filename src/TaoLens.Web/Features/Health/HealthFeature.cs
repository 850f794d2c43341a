using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace TaoLens.Web.Features.Health;

/// <summary>Section <c>Health</c>.</summary>
public sealed class HealthOptions
{
    /// <summary>How long each check may take before it counts as failed (a frozen database must not hold the probe).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// <c>/healthz</c>: ASP.NET Core health checks. Anonymous callers get the status only (<c>Healthy</c>, <c>Degraded</c>,
/// <c>Unhealthy</c>; 503 when unhealthy); the reasons go to the log.
/// </summary>
public static class HealthFeature
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration("Health")
            .Validate(o => o.Timeout > TimeSpan.Zero, "Health:Timeout must be positive.")
            .ValidateOnStart();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            // A source that keeps failing degrades the data, not the app.
            .AddCheck<SourceFreshnessCheck>("sources", failureStatus: HealthStatus.Degraded);
        services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<HealthOptions>>((options, health) =>
        {
            foreach (var registration in options.Registrations)
            {
                registration.Timeout = health.Value.Timeout;
            }
        });
        return services;
    }

    /// <summary>Answers GET and HEAD (through UseHeadRequests) with the status as plain text.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { AllowCachingResponses = false })
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
            // Probes carry no account, whatever Access:AnonymousRead says.
            .AllowAnonymous()
            .WithName("GetHealth")
            .WithSummary("Healthy, Degraded or Unhealthy (503); the reasons are in the server's log.");
        return endpoints;
    }
}
