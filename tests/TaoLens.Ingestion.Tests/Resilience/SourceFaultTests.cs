using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using Polly.Timeout;
using TaoLens.Ingestion.Chutes;
using TaoLens.Ingestion.CoinGecko;
using TaoLens.Ingestion.Sources;
using TaoLens.Ingestion.Taostats;
using TaoLens.Ingestion.Tests.Replay;

namespace TaoLens.Ingestion.Tests.Resilience;

/// <summary>
/// The fault matrix, one behaviour per test, run through the real clients and the production resilience handler
/// (registered by Add*Client) against a loopback server. Requests are counted; nothing asserts on elapsed time.
/// </summary>
public sealed class SourceFaultTests
{
    private const string PricePath = "/api/price/latest/v1";
    private const string ChutesPath = "/daily_revenue_summary";
    private const string CoinPath = "/coins/bittensor";

    private const string ChutesRow = """[{"date":"2025-11-20","new_subscriber_count":1,"new_subscriber_revenue":3.0,"paygo_revenue":10.5,"pending_instance_revenue":0.0,"total_revenue":13.5}]""";

    private static Task<ReplayHost<TaostatsClient>> TaostatsAsync(Func<HttpContext, IResult> respond, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["ApiKey"] = "key";
        return ReplayHost.StartAsync<TaostatsClient>(app => app.MapGet(PricePath, respond), s => s.AddTaostatsClient(), TaostatsOptions.Section, settings);
    }

    private static Task<ReplayHost<ChutesClient>> ChutesAsync(Func<HttpContext, IResult> respond, Dictionary<string, string?>? settings = null) =>
        ReplayHost.StartAsync<ChutesClient>(app => app.MapGet(ChutesPath, respond), s => s.AddChutesClient(), ChutesOptions.Section, settings);

    // A valid answer of about the given size: one row whose note pads it out.
    private static string PaddedRows(int bytes) =>
        ChutesRow.Replace("\"date\"", $"\"note\":\"{new string('x', bytes)}\",\"date\"", StringComparison.Ordinal);

    private static Task<ReplayHost<CoinGeckoClient>> CoinGeckoAsync(Func<HttpContext, IResult> respond) =>
        ReplayHost.StartAsync<CoinGeckoClient>(app => app.MapGet(CoinPath, respond), s => s.AddCoinGeckoClient(), CoinGeckoOptions.Section);

    [Fact]
    public async Task Throttled_429_with_retry_after_is_waited_out_then_succeeds()
    {
        // Retry-After is far above the back-off (10 ms) and the attempt timeout: only honouring it explains the gap.
        var retryAfter = TimeSpan.FromSeconds(4);
        var arrivals = new ConcurrentQueue<long>();
        var script = new Script(context => Respond.TooManyRequests(context, retryAfter), _ => Respond.Json(UpstreamSamples.Taostats(PricePath)));
        await using var host = await TaostatsAsync(
            context =>
            {
                arrivals.Enqueue(TimeProvider.System.GetTimestamp());
                return script.Next(context);
            },
            new Dictionary<string, string?> { ["Resilience:AttemptTimeout"] = "00:00:02" });

        var quote = await host.Client.GetLatestPriceAsync();

        Assert.Equal(322.124618259631m, quote.PriceUsd);
        Assert.Equal(2, host.Server.CountRequests(PricePath));
        var gap = TimeProvider.System.GetElapsedTime(arrivals.First(), arrivals.Last());
        // A lower bound on a real wait, less the coarse timer tick the retry delay fires on; not a performance bound.
        Assert.True(gap >= retryAfter - TimeSpan.FromMilliseconds(50), $"the retry came {gap} after the 429, before its Retry-After of {retryAfter}");
    }

    [Fact]
    public async Task Server_errors_are_retried_until_success()
    {
        var script = new Script(_ => Respond.Status(500), _ => Respond.Status(503), _ => Respond.Json(ChutesRow));
        await using var host = await ChutesAsync(script.Next);

        var days = await host.Client.GetDailyRevenueAsync();

        Assert.Equal(13.5m, Assert.Single(days).ExternalRevenueUsd);
        Assert.Equal(3, host.Server.CountRequests(ChutesPath));
    }

    [Fact]
    public async Task Server_errors_beyond_the_retry_budget_fail_with_the_status()
    {
        await using var host = await ChutesAsync(_ => Respond.Status(502));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => host.Client.GetDailyRevenueAsync());

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Contains("chutes /daily_revenue_summary: HTTP 502", error.Message, StringComparison.Ordinal);
        // MaxRetries is 2 in the test settings: one attempt plus two retries.
        Assert.Equal(3, host.Server.CountRequests(ChutesPath));
    }

    [Fact]
    public async Task Not_found_is_not_retried()
    {
        await using var host = await ChutesAsync(_ => Respond.Status(404));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => host.Client.GetDailyRevenueAsync());

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(1, host.Server.CountRequests(ChutesPath));
    }

    [Fact]
    public async Task Attempt_that_never_answers_times_out_is_retried_and_then_fails_with_a_timeout()
    {
        await using var host = await ReplayHost.StartAsync<ChutesClient>(
            app => app.MapGet(ChutesPath, Respond.Hang), s => s.AddChutesClient(), ChutesOptions.Section,
            new Dictionary<string, string?> { ["Resilience:AttemptTimeout"] = "00:00:00.300", ["Resilience:MaxRetries"] = "1" });

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => host.Client.GetDailyRevenueAsync());

        Assert.Equal(2, host.Server.CountRequests(ChutesPath));
    }

    [Fact]
    public async Task Slow_first_attempt_times_out_and_the_retry_succeeds()
    {
        var calls = 0;
        await using var host = await ReplayHost.StartAsync<ChutesClient>(
            app => app.MapGet(ChutesPath, async (HttpContext context) =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    await Respond.Hang(context);
                }

                return Respond.Json(ChutesRow);
            }),
            s => s.AddChutesClient(), ChutesOptions.Section,
            // Long enough that the good retry never times out on a loaded CI machine; the hang outlasts any value.
            new Dictionary<string, string?> { ["Resilience:AttemptTimeout"] = "00:00:02" });

        Assert.Single(await host.Client.GetDailyRevenueAsync());
        Assert.Equal(2, host.Server.CountRequests(ChutesPath));
    }

    [Fact]
    public async Task Open_circuit_fails_fast_without_reaching_the_server()
    {
        await using var host = await TaostatsAsync(_ => Respond.Status(500), new Dictionary<string, string?>
        {
            ["Resilience:MaxRetries"] = "1",
            ["Resilience:BreakerMinimumThroughput"] = "2",
            ["Resilience:BreakerFailureRatio"] = "0.5",
        });

        // Two failed attempts (one call with its retry) open the breaker.
        await Assert.ThrowsAsync<HttpRequestException>(() => host.Client.GetLatestPriceAsync());
        Assert.Equal(2, host.Server.CountRequests(PricePath));

        await Assert.ThrowsAsync<BrokenCircuitException>(() => host.Client.GetLatestPriceAsync());
        await Assert.ThrowsAsync<BrokenCircuitException>(() => host.Client.GetLatestPriceAsync());
        Assert.Equal(2, host.Server.CountRequests(PricePath));
    }

    [Fact]
    public async Task Truncated_json_is_a_payload_error_not_a_json_exception()
    {
        var full = UpstreamSamples.Taostats(PricePath).ToJsonString();
        await using var host = await TaostatsAsync(_ => Respond.Json(full[..(full.Length / 2)]));

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => host.Client.GetLatestPriceAsync());

        Assert.StartsWith("taostats /api/price/latest/v1: (root): malformed or truncated JSON", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error.InnerException);
        // A bad body is not retried: the same bytes would come back.
        Assert.Equal(1, host.Server.CountRequests(PricePath));
    }

    [Fact]
    public async Task Connection_cut_mid_body_is_a_payload_error()
    {
        var full = System.Text.Encoding.UTF8.GetBytes(ChutesRow);
        var headersSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await ReplayHost.StartAsync<ChutesClient>(
            app => app.MapGet(ChutesPath, async (HttpContext context) =>
            {
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = full.Length;
                await context.Response.Body.WriteAsync(full.AsMemory(0, full.Length / 2));
                await context.Response.Body.FlushAsync();
                // Cut only once the client holds the headers, so the cut lands in the body rather than in the send.
                await headersSeen.Task.WaitAsync(TimeSpan.FromSeconds(30));
                context.Abort();
            }),
            s => s.AddChutesClient().ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new OnHeaders(headersSeen))),
            ChutesOptions.Section);

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => host.Client.GetDailyRevenueAsync());

        Assert.StartsWith("chutes /daily_revenue_summary: (root): body cut off", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_over_the_cap_by_its_content_length_is_a_payload_error()
    {
        await using var host = await ChutesAsync(_ => Respond.Json(PaddedRows(4_000)), new Dictionary<string, string?> { ["MaxResponseBytes"] = "1000" });

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => host.Client.GetDailyRevenueAsync());

        Assert.Equal("chutes /daily_revenue_summary: (root): body larger than 1000 bytes", error.Message);
        Assert.Equal(1, host.Server.CountRequests(ChutesPath));
    }

    [Fact]
    public async Task Streamed_body_over_the_cap_is_a_payload_error()
    {
        var body = System.Text.Encoding.UTF8.GetBytes(PaddedRows(4_000));
        await using var host = await ReplayHost.StartAsync<ChutesClient>(
            app => app.MapGet(ChutesPath, async (HttpContext context) =>
            {
                // No Content-Length: chunked, so the cap can only be enforced as the bytes arrive.
                context.Response.ContentType = "application/json";
                foreach (var chunk in body.Chunk(500))
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }),
            s => s.AddChutesClient(), ChutesOptions.Section, new Dictionary<string, string?> { ["MaxResponseBytes"] = "1000" });

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => host.Client.GetDailyRevenueAsync());

        Assert.Equal("chutes /daily_revenue_summary: (root): body larger than 1000 bytes", error.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task Body_that_stalls_after_the_headers_fails_within_the_total_timeout()
    {
        var full = System.Text.Encoding.UTF8.GetBytes(ChutesRow);
        await using var host = await ReplayHost.StartAsync<ChutesClient>(
            app => app.MapGet(ChutesPath, async (HttpContext context) =>
            {
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = full.Length;
                await context.Response.Body.WriteAsync(full.AsMemory(0, full.Length / 2));
                await context.Response.Body.FlushAsync();
                await Respond.Hang(context);
            }),
            s => s.AddChutesClient(), ChutesOptions.Section, new Dictionary<string, string?> { ["Resilience:TotalTimeout"] = "00:00:01" });

        var error = await Assert.ThrowsAsync<TimeoutException>(() => host.Client.GetDailyRevenueAsync());

        Assert.Equal("chutes /daily_revenue_summary: no complete answer within 00:00:01", error.Message);
    }

    [Fact]
    public async Task Html_error_page_served_with_200_is_a_payload_error()
    {
        await using var host = await CoinGeckoAsync(_ => Results.Content("<!DOCTYPE html><html><body>Cloudflare: checking your browser</body></html>", "text/html"));

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => host.Client.GetCurrentAsync());

        Assert.Equal("coingecko /coins/bittensor: (root): expected JSON, got text/html (HTTP 200)", error.Message);
    }

    [Fact]
    public async Task Html_page_labelled_as_json_is_a_payload_error()
    {
        await using var host = await ChutesAsync(_ => Respond.Json("\n  <html><head><title>502 Bad Gateway</title></head></html>"));

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => host.Client.GetDailyRevenueAsync());

        Assert.Equal("chutes /daily_revenue_summary: (root): expected JSON, got markup (an HTML or XML page)", error.Message);
    }

    [Fact]
    public async Task Empty_body_is_a_payload_error()
    {
        await using var host = await TaostatsAsync(_ => Respond.Json(""));

        var error = await Assert.ThrowsAsync<SourcePayloadException>(() => host.Client.GetLatestPriceAsync());

        Assert.StartsWith("taostats /api/price/latest/v1: (root): malformed or truncated JSON", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Completes <paramref name="seen"/> when a response's headers reach the client.</summary>
    private sealed class OnHeaders(TaskCompletionSource seen) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            seen.TrySetResult();
            return response;
        }
    }
}
