using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace TaoLens.Web.Features.RateLimiting;

/// <summary>Section <c>RateLimiting</c>: a fixed window per client address over the API and the pages that compute.</summary>
public sealed class RateLimitingOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Requests per client address per window.</summary>
    public int PermitLimit { get; set; } = 600;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests over the limit that wait for the next window instead of getting 429 at once.</summary>
    public int QueueLimit { get; set; }
}

public static class RateLimitingFeature
{
    public static IServiceCollection AddRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitingOptions>().BindConfiguration("RateLimiting")
            .Validate(o => o.PermitLimit > 0 && o.Window > TimeSpan.Zero && o.QueueLimit >= 0, "RateLimiting: PermitLimit and Window must be positive, QueueLimit not negative.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitingOptions>>((options, settings) =>
        {
            var limits = settings.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Keyed by the client's address, which UseSecurity has taken from X-Forwarded-For when behind a known proxy.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsLimited(context.Request.Path)
                ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.PermitLimit,
                    Window = limits.Window,
                    QueueLimit = limits.QueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                })
                : RateLimitPartition.GetNoLimiter("unlimited"));
            // The body comes from the error responses: a problem under /api, the error page otherwise.
            options.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    public static WebApplication UseRateLimiting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Enabled)
        {
            app.UseRateLimiter();
        }

        return app;
    }

    /// <summary>The API and the pages that compute valuations; static files, health and the Blazor circuit are not limited.</summary>
    public static bool IsLimited(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/subnets", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/compare", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/claims", StringComparison.OrdinalIgnoreCase)
        // Saved views and public share links render the same pages.
        || path.StartsWithSegments("/views", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/v", StringComparison.OrdinalIgnoreCase)
        || path == "/";
}
