using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace TaoLens.Ingestion.Sources;

public static class SourceHttpClients
{
    /// <summary>
    /// Registers a typed client for one source with its base address, its total timeout and body cap, and exactly one
    /// resilience handler (retries with jitter that honour Retry-After, circuit breaker, attempt timeout), all from settings,
    /// with one pipeline instance per host the client calls.
    /// </summary>
    public static IHttpClientBuilder AddSourceHttpClient<TClient, TOptions>(this IServiceCollection services, string section, Func<TOptions, Uri> baseAddress)
        where TClient : class
        where TOptions : SourceOptions
    {
        services.AddOptions<TOptions>().BindConfiguration(section);
        var builder = services.AddHttpClient<TClient>((sp, client) =>
        {
            var options = sp.GetRequiredService<IOptions<TOptions>>().Value;
            client.BaseAddress = EnsureTrailingSlash(baseAddress(options));
            // HttpClient reads the body (ResponseContentRead) after the resilience handler has returned, so the handler's
            // timeouts end at the headers. The client's own timeout spans the whole call, retries and body included: it is
            // the total timeout. The buffer cap refuses an oversized body, by its Content-Length or as it arrives.
            client.Timeout = options.Resilience.TotalTimeout;
            client.MaxResponseContentBufferSize = options.MaxResponseBytes;
        });
        // Outside the resilience handler: set once the pipeline has returned, never by a failed attempt.
        builder.AddHttpMessageHandler(() => new HeadersArrivedHandler());
        builder.AddResilienceHandler(typeof(TClient).Name, (pipeline, context) =>
        {
            var settings = context.ServiceProvider.GetRequiredService<IOptions<TOptions>>().Value.Resilience;
            Configure(pipeline, settings);
        })
            // One pipeline (so one circuit) per host: the chain's archive node failing does not open its live node's breaker.
            .SelectPipelineByAuthority();
        return builder;
    }

    /// <summary>
    /// The pipeline every source shares, in the standard order: retry, breaker, attempt timeout. The total timeout,
    /// which would come first, is the HttpClient's own (it also covers the body).
    /// </summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(settings);
        pipeline
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
