using System.Net;

namespace TaoLens.Web.Tests.Hardening;

public sealed class RateLimitingTests
{
    // A window far longer than any test, so that the limit never resets under it.
    private static readonly Dictionary<string, string?> s_twoPerWindow = new()
    {
        ["RateLimiting:PermitLimit"] = "2",
        ["RateLimiting:Window"] = "01:00:00",
    };

    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task The_api_answers_429_problem_with_retry_after_past_the_limit()
    {
        await using var app = await HostApp.StartAsync(s_twoPerWindow);
        var client = app.CreateClient();

        using var first = await client.GetAsync(Url("/api/v1/subnets"));
        using var second = await client.GetAsync(Url("/api/v1/network"));
        using var third = await client.GetAsync(Url("/api/v1/subnets"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await Problems.AssertProblemAsync(third, 429);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {third.Headers.RetryAfter}");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/compare?netuids=1")]
    [InlineData("/subnets/1")]
    [InlineData("/claims")]
    public async Task A_heavy_page_answers_429_with_retry_after_past_the_limit(string path)
    {
        await using var app = await HostApp.StartAsync(s_twoPerWindow);
        var client = app.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await client.GetAsync(Url(path));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }

        using var refused = await client.GetAsync(Url(path));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Contains("Too many requests", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_and_static_files_are_not_limited()
    {
        await using var app = await HostApp.StartAsync(s_twoPerWindow);
        var client = app.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            using var health = await client.GetAsync(Url("/healthz"));
            using var script = await client.GetAsync(Url("/_framework/blazor.web.js"));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }
    }

    [Fact]
    public async Task Each_client_address_behind_the_proxy_has_its_own_limit()
    {
        var settings = new Dictionary<string, string?>(s_twoPerWindow) { ["ForwardedHeaders:Enabled"] = "true" };
        await using var app = await HostApp.StartAsync(settings, kestrel: true);
        var client = app.CreateClient();

        async Task<HttpStatusCode> GetAs(string address)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Url("/api/v1/network"));
            request.Headers.Add("X-Forwarded-For", address);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await GetAs("203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await GetAs("203.0.113.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAs("203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await GetAs("203.0.113.2"));
    }
}
