using System.Net.Http.Json;
using static TaoLens.Web.Tests.Accounts.AccountsHost;

namespace TaoLens.Web.Tests.Accounts;

public sealed class CookieSecurityTests
{
    [Fact]
    public async Task Behind_a_tls_proxy_the_session_cookie_is_secure_and_over_plain_http_it_is_not()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["ForwardedHeaders:Enabled"] = "true" });
        using (await host.RegisterAsync("admin@example.com"))
        {
        }

        async Task<string> SessionCookieAsync(string? forwardedProto)
        {
            using var client = host.Anonymous();
            using var request = new HttpRequestMessage(HttpMethod.Post, Url("/api/v1/auth/login?useCookies=true"))
            {
                Content = JsonContent.Create(new { email = "admin@example.com", password = Password }),
            };
            if (forwardedProto is not null)
            {
                request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            }

            using var response = await client.SendAsync(request);
            return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("taolens.session=", StringComparison.Ordinal));
        }

        var https = await SessionCookieAsync("https");
        var http = await SessionCookieAsync(null);

        Assert.Contains("; secure", https, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", https, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", https, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("; secure", http, StringComparison.OrdinalIgnoreCase);
    }
}
