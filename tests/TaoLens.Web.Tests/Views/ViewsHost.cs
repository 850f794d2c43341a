using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using TaoLens.Web.Tests.Accounts;
using static TaoLens.Web.Tests.Accounts.AccountsHost;

namespace TaoLens.Web.Tests.Views;

/// <summary>
/// One app for a test class: open registration and the reference dataset (subnets 3, 4, 64… with September–October
/// 2025 data), so saved views open onto real pages. Each test makes its own people and teams.
/// </summary>
public sealed partial class ViewsHost : IAsyncLifetime
{
    private AccountsHost? _host;

    public AccountsHost Host => _host ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _host = await StartAsync(new Dictionary<string, string?>
    {
        ["Accounts:OpenRegistration"] = "true",
        ["ReferenceData:Enabled"] = "true",
    });

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    public async Task<HttpClient> PersonAsync(string email)
    {
        using var registered = await Host.RegisterAsync(email);
        Assert.True(registered.StatusCode == HttpStatusCode.OK, await registered.Content.ReadAsStringAsync());
        return await SignInAsync(Host, email);
    }

    public HttpClient Anonymous() => NoRedirects(Host);

    /// <summary>
    /// A client with its own cookies that shows redirects instead of following them (a loopback server's client
    /// follows them by default, whatever the factory's options say).
    /// </summary>
    public static HttpClient NoRedirects(AccountsHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var probe = host.Anonymous();
        return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = probe.BaseAddress,
        };
    }

    public static async Task<HttpClient> SignInAsync(AccountsHost host, string email)
    {
        var client = NoRedirects(host);
        using var response = await client.PostAsJsonAsync(Url("/api/v1/auth/login?useCookies=true"), new { email, password = Password });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sign-in of {email}: {(int)response.StatusCode}");
        return client;
    }

    /// <summary>Invites <paramref name="email"/> into the team, accepts signed out (creating the account), and signs in.</summary>
    public async Task<HttpClient> JoinAsync(HttpClient admin, Guid team, string email, string role)
    {
        var link = await InviteAsync(admin, team, email, role);
        using var anonymous = Anonymous();
        using var accepted = await anonymous.PostAsJsonAsync(Url($"/api/v1/invitations/{TokenOf(link)}/accept"), new { password = Password });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        return await SignInAsync(Host, email);
    }

    /// <summary>Saves a view through the API and returns its JSON.</summary>
    public static async Task<JsonElement> SaveAsync(HttpClient client, object request)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.PostAsJsonAsync(Url("/api/v1/views"), request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    public static async Task<Guid> SaveIdAsync(HttpClient client, object request) => (await SaveAsync(client, request)).GetProperty("id").GetGuid();

    /// <summary>Creates a share link and returns its id and token.</summary>
    public static async Task<(Guid Id, string Token, string Url)> ShareAsync(HttpClient client, Guid view, object? body = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.PostAsJsonAsync(Url($"/api/v1/views/{view}/links"), body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        using var json = JsonDocument.Parse(text);
        return (json.RootElement.GetProperty("id").GetGuid(), json.RootElement.GetProperty("token").GetString()!, json.RootElement.GetProperty("url").GetString()!);
    }

    /// <summary>The antiforgery token a page's form carries.</summary>
    public static string AntiforgeryToken(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "the page has no antiforgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
