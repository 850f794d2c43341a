using System.Net;
using System.Text.RegularExpressions;

namespace TaoLens.Web.Tests.Hardening;

public sealed partial class SecurityHeaderTests
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task Every_response_carries_the_security_headers_and_no_server_header()
    {
        // Kestrel, because the in-memory test server never sends a Server header.
        await using var app = await HostApp.StartAsync(kestrel: true);
        var client = app.CreateClient();

        foreach (var path in new[] { "/", "/compare?netuids=1", "/api/v1/subnets", "/_framework/blazor.web.js", "/healthz", "/api/v1/no-such-thing", "/no-such-page", "/openapi/v1.json" })
        {
            using var response = await client.GetAsync(Url(path));
            var csp = Header(response, "Content-Security-Policy");
            Assert.True(csp.Contains("default-src 'self'", StringComparison.Ordinal), $"{path}: {csp}");
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self' 'nonce-", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
            Assert.False(response.Headers.Contains("Server"), $"{path} sent Server: {Header(response, "Server")}");
        }
    }

    [Fact]
    public async Task The_import_map_is_allowed_by_the_policys_nonce_and_nothing_else_inline()
    {
        await using var app = await HostApp.StartAsync();

        using var response = await app.CreateClient().GetAsync(Url("/"));
        var html = await response.Content.ReadAsStringAsync();

        var nonce = NonceInPolicy().Match(Header(response, "Content-Security-Policy")).Groups[1].Value;
        Assert.NotEmpty(nonce);
        var scripts = InlineScript().Matches(html).Select(m => m.Value).ToList();
        var importMap = Assert.Single(scripts);
        Assert.Contains($"nonce=\"{nonce}\"", importMap, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_responses_carry_hsts()
    {
        await using var app = await HostApp.StartAsync();
        var client = app.CreateClient(new() { BaseAddress = new Uri("https://taolens.example/") });

        using var response = await client.GetAsync(Url("/api/v1/network"));

        Assert.StartsWith("max-age=", Header(response, "Strict-Transport-Security"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_is_redirected_to_https_when_there_is_an_https_port()
    {
        await using var app = await HostApp.StartAsync(new Dictionary<string, string?> { ["HTTPS_PORT"] = "8443" });
        var client = app.CreateClient(new() { BaseAddress = new Uri("http://taolens.example/"), AllowAutoRedirect = false });

        using var response = await client.GetAsync(Url("/compare?netuids=1"));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(new Uri("https://taolens.example:8443/compare?netuids=1"), response.Headers.Location);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Behind_a_known_proxy_forwarded_https_is_https()
    {
        await using var app = await HostApp.StartAsync(
            new Dictionary<string, string?> { ["HTTPS_PORT"] = "443", ["ForwardedHeaders:Enabled"] = "true" }, kestrel: true);
        var client = app.CreateClient(new() { BaseAddress = app.ClientOptions.BaseAddress, AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/api/v1/network"));
        request.Headers.Host = "taolens.example";
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", Header(response, "Strict-Transport-Security"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_does_not_echo_the_requests_host()
    {
        await using var app = await HostApp.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/openapi/v1.json"));
        request.Headers.Host = "attacker.example";

        using var response = await app.CreateClient().SendAsync(request);
        var document = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("attacker.example", document, StringComparison.OrdinalIgnoreCase);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : "";

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceInPolicy();

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
