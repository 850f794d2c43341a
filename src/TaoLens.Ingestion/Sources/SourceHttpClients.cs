using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace TaoLens.Ingestion.Sources;

public static class SourceHttpClients
{
    /// <summary>
    /// Registers a typed client for one source with its base address and exactly one resilience handler
    /// (total timeout, retries with jitter that honour Retry-After, circuit breaker, attempt timeout), all from settings.
    /// </summary>
    public static IHttpClientBuilder AddSourceHttpClient<TClient, TOptions>(this IServiceCollection services, string section, Func<TOptions, Uri> baseAddress)
        where TClient : class
        where TOptions : SourceOptions
    {
        services.AddOptions<TOptions>().BindConfiguration(section);
        var builder = services.AddHttpClient<TClient>((sp, client) =>
        {
            client.BaseAddress = EnsureTrailingSlash(baseAddress(sp.GetRequiredService<IOptions<TOptions>>().Value));
            // The resilience handler owns timeouts.
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
        builder.AddResilienceHandler(typeof(TClient).Name, (pipeline, context) =>
        {
            var settings = context.ServiceProvider.GetRequiredService<IOptions<TOptions>>().Value.Resilience;
            Configure(pipeline, settings);
        });
        return builder;
    }

    /// <summary>The pipeline every source shares, in the standard order: total timeout, retry, breaker, attempt timeout.</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(settings);
        pipeline
            .AddTimeout(settings.TotalTimeout)
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetries,
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = settings.BreakerFailureRatio,
                MinimumThroughput = settings.BreakerMinimumThroughput,
                SamplingDuration = settings.BreakerSamplingDuration,
                BreakDuration = settings.BreakerBreakDuration,
            })
            .AddTimeout(settings.AttemptTimeout);
    }

    private static Uri EnsureTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
